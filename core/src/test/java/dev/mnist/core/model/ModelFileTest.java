package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void theNetworkRebuiltFromWeightsAnswersExactlyAsTheSavedGraph() {
        SameDiff saved = ModelFile.load(TrainedModel.modelZip()).graph();
        SameDiff rebuilt = ModelFile.loadForInference(TrainedModel.modelZip()).graph();
        float[] pixels = new float[20 * 784];
        for (int i = 0; i < 20; i++) {
            byte[] digit = Images.digitPixels(TrainedModel.TEST_FROM + i);
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (digit[p] & 0xFF) / 255f;
            }
        }
        INDArray input = Nd4j.create(pixels, new long[]{20, 1, 28, 28}, 'c');
        assertArrayEquals(probabilities(saved, input), probabilities(rebuilt, input));
    }

    @Test
    void weightsThatDoNotFitTheArchitectureAreACleanError() throws IOException {
        // The same zip, but model.json claims 5 classes: the output layer's weights no longer fit.
        Path changed = dir.resolve("changed.zip");
        try (ZipFile zip = new ZipFile(TrainedModel.modelZip().toFile());
             OutputStream file = Files.newOutputStream(changed); ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : new ArrayList<>(java.util.Collections.list(zip.entries()))) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    if (entry.getName().equals(ModelFile.METADATA_ENTRY)) {
                        ModelMetadata m = Json.MAPPER.readValue(in, ModelMetadata.class);
                        out.write(Json.MAPPER.writeValueAsBytes(new ModelMetadata(m.formatVersion(), m.architecture(),
                                List.of("a", "b", "c", "d", "e"), m.input(), m.epoch(), m.seed(), m.batchesDone())));
                    } else {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.loadForInference(changed));
        assertTrue(e.getMessage().startsWith(changed + ": weights output_W [500, 10] do not fit the architecture"), e.getMessage());
    }

    @Test
    void aZipWithoutAModelOrWithEntriesThatEscapeIsRejectedAndNothingIsWritten() throws IOException {
        Path plain = zip("plain.zip", Map.of("readme.txt", "hello"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.loadForInference(plain));
        assertTrue(e.getMessage().equals(plain + ": not a model file (no model.json inside)"), e.getMessage());

        Path escaping = zip("escaping.zip", Map.of("../../escaped.txt", "gotcha", "/tmp/absolute-escape.txt", "gotcha"));
        assertThrows(InvalidInputException.class, () -> ModelFile.load(escaping));
        assertThrows(InvalidInputException.class, () -> ModelFile.readMetadata(escaping));
        try (var files = Files.walk(dir.getParent(), 2)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("escaped.txt")));
        }
        assertTrue(!Files.exists(Path.of("/tmp/absolute-escape.txt")));
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes());
                zip.closeEntry();
            }
        }
        return file;
    }

    private static float[] probabilities(SameDiff graph, INDArray input) {
        return graph.output(Map.of(GraphNames.INPUT, input), GraphNames.PROBABILITIES).get(GraphNames.PROBABILITIES)
                .dup('c').data().asFloat();
    }
}
