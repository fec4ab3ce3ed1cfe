package dev.mnist.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.load.Dataset;
import dev.mnist.core.evaluate.EvaluationListener;
import dev.mnist.core.evaluate.EvaluationReport;
import dev.mnist.core.evaluate.Evaluator;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** evaluate --report's pictures and page, for a LeNet really trained on real digits, scored on unseen ones. */
class EvaluationPagesTest {
    static EvaluationReport report;
    static LabelledImages images;
    @TempDir
    static Path dir;

    @BeforeAll
    static void evaluateAndWrite() {
        Predictor predictor = Predictor.load(TrainedModel.run());
        Dataset data = Dataset.load(TrainedModel.data(), Split.TEST, InputShape.MNIST, Preparation.DIGIT);
        images = (LabelledImages) data.images();
        report = new Evaluator(EvaluationListener.NONE).evaluate(predictor, data, 12);
        EvaluationPages.write(report, images, dir);
    }

    @Test
    void theHeatmapsCellsAreTheMatrixThatJsonPrints() throws Exception {
        JsonNode printed = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(report)).get("confusion");
        List<? extends Number[]> cells = ConfusionHeatmap.chart(report.confusion(), report.classNames()).getSeriesMap().get("count").getHeatData();
        int classes = report.classNames().size();
        assertEquals(classes * classes, cells.size());
        long total = 0;
        for (Number[] cell : cells) {
            int predicted = cell[0].intValue();
            int actual = classes - 1 - cell[1].intValue();
            assertEquals(printed.get(actual).get(predicted).asLong(), cell[2].longValue(), "cell " + actual + "," + predicted);
            total += cell[2].longValue();
        }
        assertEquals(report.images(), total);
        BufferedImage png = ImageIO.read(dir.resolve(ConfusionHeatmap.FILE).toFile());
        assertNotNull(png, "a valid PNG");
        assertTrue(png.getWidth() >= 600 && png.getHeight() >= 500, png.getWidth() + "x" + png.getHeight());
    }

    @Test
    void theErrorsGridHoldsExactlyTheListedImages() throws Exception {
        BufferedImage png = ImageIO.read(dir.resolve(EvaluationPages.ERRORS).toFile());
        ImageGrid grid = EvaluationPages.errors(report, images);
        assertEquals(12, report.mostConfidentlyWrong().size());
        assertEquals(grid.width(), png.getWidth());
        assertEquals(grid.height(), png.getHeight());
        int scale = EvaluationPages.ERROR_SCALE;
        for (int i = 0; i < report.mostConfidentlyWrong().size(); i++) {
            EvaluationReport.Mistake mistake = report.mostConfidentlyWrong().get(i);
            int[] origin = grid.origin(i);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int expected = images.pixels()[mistake.index() * 784 + y * 28 + x] & 0xFF;
                    int drawn = png.getRGB(origin[0] + x * scale + scale / 2, origin[1] + y * scale + scale / 2) & 0xFF;
                    assertEquals(expected, drawn, "mistake " + i + " (#" + mistake.index() + ") pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void thePageShowsThePicturesAndTheNumbers() throws Exception {
        String page = Files.readString(dir.resolve(EvaluationPages.INDEX));
        assertTrue(page.contains("<img src=\"confusion.png\""));
        assertTrue(page.contains("<img src=\"errors.png\""));
        assertTrue(page.contains(String.format(java.util.Locale.ROOT, "%.2f%%", 100 * report.accuracy())));
        for (EvaluationReport.Mistake m : report.mostConfidentlyWrong()) {
            assertTrue(page.contains("<td>" + m.source() + "</td>"), m.source());
        }
        assertTrue(page.contains("<td class=\"n\">" + report.confusion()[0][0] + "</td>"));
    }
}
