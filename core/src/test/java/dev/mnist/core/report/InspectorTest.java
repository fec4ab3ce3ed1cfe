package dev.mnist.core.report;

import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mnist inspect on an unseen real digit, with a LeNet really trained on real digits. */
class InspectorTest {
    static Inspection inspection;
    static Map<String, LayerInspection> layers;
    @TempDir
    static Path dir;

    @BeforeAll
    static void inspect() {
        Predictor predictor = Predictor.load(TrainedModel.run());
        Path image = Images.write(Images.blackOnWhite(Images.digit(TrainedModel.TEST_FROM), 100), "png", dir.resolve("digit.png"));
        inspection = Inspector.inspect(predictor, ImagePreparation.of(predictor.metadata().input()), image, dir.resolve("out"));
        layers = inspection.layers().stream().collect(Collectors.toMap(LayerInspection::name, Function.identity()));
    }

    private static BufferedImage png(String file) throws Exception {
        BufferedImage image = ImageIO.read(dir.resolve("out").resolve(file).toFile());
        assertNotNull(image, file + " is a valid PNG");
        return image;
    }

    @Test
    void theFirstConvolutionShowsTwentyActivationTilesAndTwentyFilters() throws Exception {
        LayerInspection conv1 = layers.get("conv1");
        assertEquals(20, conv1.activationTiles());
        assertEquals(List.of(20L, 24L, 24L), conv1.shape());
        assertEquals(5 * 5 * 20 + 20, conv1.parameters());
        BufferedImage activations = png(conv1.activationsFile());
        // 20 tiles of 24x24 scaled 4x, 5 to a row, 6 px apart.
        assertEquals(6 + 5 * (96 + 6), activations.getWidth());
        assertEquals(6 + 4 * (96 + 6), activations.getHeight());
        BufferedImage filters = png(conv1.filtersFile());
        assertEquals(6 + 10 * (5 * 12 + 6), filters.getWidth(), "20 filters of 5x5, 10 to a row");
        assertEquals(6 + 2 * (5 * 12 + 6), filters.getHeight());
    }

    @Test
    void everyLayerHasItsShapeParametersAndStatistics() throws Exception {
        assertEquals(List.of("conv1", "pool1", "conv2", "pool2", "dense1", "logits", "probabilities"),
                inspection.layers().stream().map(LayerInspection::name).toList());
        assertEquals(20 * 25 * 50 + 50, layers.get("conv2").parameters());
        assertEquals(800 * 500 + 500, layers.get("dense1").parameters());
        assertEquals(List.of(500L), layers.get("dense1").shape());
        BufferedImage conv2Filters = png(layers.get("conv2").filtersFile());
        assertEquals(6 + 20 * (5 * 4 + 6), conv2Filters.getWidth(), "a column per input channel");
        assertEquals(6 + 50 * (5 * 4 + 6), conv2Filters.getHeight(), "a row per output channel");
        assertNull(layers.get("pool1").weights());
        assertTrue(layers.get("dense1").activations().min() >= 0, "ReLU outputs are never negative");
        LayerInspection.Stats probabilities = layers.get("probabilities").activations();
        assertEquals(0.1, probabilities.mean(), 1e-5, "ten probabilities sum to 1");
        for (LayerInspection layer : inspection.layers()) {
            png(layer.activationsFile());
            LayerInspection.Stats stats = layer.activations();
            assertTrue(stats.min() <= stats.mean() && stats.mean() <= stats.max(), layer.name() + ": the mean lies within the range");
            assertTrue(stats.std() > 0 && stats.std() <= (stats.max() - stats.min()) / 2 + 1e-9,
                    layer.name() + ": a real digit's activations vary, and by no more than half their range");
        }
    }

    @Test
    void anEarlierInspectionsLayerPicturesGoButOtherFilesStay() throws Exception {
        Path out = dir.resolve("again");
        Files.createDirectories(out);
        Path stale = Files.write(out.resolve("09-stage1_block2-activations.png"), new byte[]{1}); // resnet's
        Path mine = Files.writeString(out.resolve("notes.txt"), "mine");
        Path photo = Files.write(out.resolve("2024-06-my-activations.png"), new byte[]{1});
        try (Predictor predictor = Predictor.load(TrainedModel.run())) {
            Inspector.inspect(predictor, ImagePreparation.of(predictor.metadata().input()), dir.resolve("digit.png"), out);
        }
        assertTrue(Files.exists(out.resolve(layers.get("conv1").activationsFile())));
        assertTrue(!Files.exists(stale) && Files.exists(mine) && Files.exists(photo));
    }

    @Test
    void theTopClassesAndThePageTieItTogether() throws Exception {
        assertEquals(5, inspection.top().size());
        BufferedImage input = png(Inspector.INPUT);
        assertEquals(input.getWidth(), input.getHeight());
        String page = Files.readString(dir.resolve("out").resolve(Inspector.INDEX));
        for (LayerInspection layer : inspection.layers()) {
            assertTrue(page.contains("<img src=\"" + layer.activationsFile() + "\""), layer.name());
        }
        assertTrue(page.contains("<img src=\"input.png\""));
        assertTrue(page.matches("(?s).*<td( class=\"n\")?>" + inspection.top().get(0).className() + "</td>.*"), "the top class is listed");
    }
}
