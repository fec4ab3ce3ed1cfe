package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Graphs;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void theNetworkRebuiltFromWeightsAnswersExactlyAsTheSavedGraph() {
        SameDiff saved = ModelFile.load(TrainedModel.modelZip()).graph();
        SameDiff rebuilt = ModelFile.loadForInference(TrainedModel.modelZip()).graph();
        INDArray input = Graphs.digits(TrainedModel.TEST_FROM, 20);
        assertArrayEquals(Graphs.probabilities(saved, input), Graphs.probabilities(rebuilt, input));
    }

    @Test
    void weightsThatDoNotFitTheArchitectureAreACleanError() throws IOException {
        // The same zip, but model.json claims 5 classes: the output layer's weights no longer fit.
        Path changed = withEntry("changed.zip", ModelFile.METADATA_ENTRY, bytes -> {
            try {
                ModelMetadata m = Json.MAPPER.readValue(bytes, ModelMetadata.class);
                return Json.MAPPER.writeValueAsBytes(new ModelMetadata(m.formatVersion(), m.architecture(),
                        List.of("a", "b", "c", "d", "e"), m.input(), m.epoch(), m.seed(), m.batchesDone(), null));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.loadForInference(changed));
        assertTrue(e.getMessage().startsWith(changed + ": weights output_W [500, 10] do not fit the architecture"), e.getMessage());
    }

    @Test
    void aZipWithoutAModelOrWithEntriesThatEscapeIsRejectedAndNothingIsWritten() throws IOException {
        Path plain = zip("plain.zip", Map.of("readme.txt", "hello"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.loadForInference(plain));
        assertTrue(e.getMessage().equals(plain + ": not a model file (no model.json inside)"), e.getMessage());

        Path escaping = zip("escaping.zip", Map.of("../../escaped.txt", "gotcha", "/tmp/absolute-escape.txt", "gotcha"));
        InvalidInputException escaped = assertThrows(InvalidInputException.class, () -> ModelFile.load(escaping));
        assertTrue(escaped.getMessage().matches(java.util.regex.Pattern.quote(escaping.toString())
                + ": not a model file \\(entry '.*' points outside the zip\\)"), escaped.getMessage());
        assertThrows(InvalidInputException.class, () -> ModelFile.readMetadata(escaping));
    }

    @Test
    void theGraphsTemporaryCopyIsGoneAfterALoadThatWorksAndOneThatFails() throws IOException {
        Path corrupt = withEntry("corrupt-graph.zip", ModelFile.GRAPH_ENTRY, bytes -> java.util.Arrays.copyOf(bytes, bytes.length / 2));
        java.util.Set<Path> before = graphCopies();
        ModelFile.load(TrainedModel.modelZip());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.load(corrupt));
        assertTrue(e.getMessage().startsWith(corrupt + ": "), e.getMessage());
        assertEquals(before, graphCopies(), "no mnist-graph*.sdz left in " + System.getProperty("java.io.tmpdir"));
    }

    /** ModelFile copies graph.sdz to a temporary file for SameDiff.load, which reads only files. */
    private static java.util.Set<Path> graphCopies() throws IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().matches("mnist-graph.*\\.sdz")).collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void hostileModelJsonIsRefusedBeforeAnythingIsAllocated() throws IOException {
        String base = new String(Fixtures.modelJson(TrainedModel.modelZip()));
        Map<String, String> cases = Map.of(
                "huge.zip", base.replace("\"height\" : 28", "\"height\" : 3000").replace("\"width\" : 28", "\"width\" : 3000"),
                "tiny.zip", base.replace("\"height\" : 28", "\"height\" : 12"),
                "no-input.zip", "{\"formatVersion\": 2, \"architecture\": \"lenet\", \"classNames\": [\"0\", \"1\"]}",
                "negative.zip", base.replace("\"epoch\" : 2", "\"epoch\" : -5"),
                "classes.zip", base.replaceFirst("\"classNames\" : \\[", "\"classNames\" : [" + java.util.stream.IntStream.range(0, 300)
                        .mapToObj(i -> "\"x" + i + "\", ").collect(java.util.stream.Collectors.joining())),
                "padded.zip", " ".repeat((int) dev.mnist.core.Limits.MAX_MODEL_JSON_BYTES) + base);
        Map<String, String> expected = Map.of(
                "huge.zip", "an input of 3000x3000 pixels is over the limit of 1024 on a side",
                "tiny.zip", "lenet needs inputs of at least 16x16 pixels, not 12x28",
                "no-input.zip", "model.json is not valid",
                "negative.zip", "model.json says epoch -5, batch 0",
                "classes.zip", "310 classes; 2 to 256 are supported",
                "padded.zip", "model.json is over 1 MB unpacked; not a model this mnist wrote");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            Path file = zip(entry.getKey(), Map.of(ModelFile.METADATA_ENTRY, entry.getValue()));
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.loadForInference(file), entry.getKey());
            assertTrue(e.getMessage().startsWith(file + ": " + expected.get(entry.getKey())), e.getMessage());
        }
    }

    @Test
    void aGraphThatUnpacksFarBeyondItsNetworksSizeStopsThere() throws IOException {
        Path bomb = dir.resolve("bomb.zip");
        try (OutputStream file = Files.newOutputStream(bomb); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry(ModelFile.METADATA_ENTRY));
            out.write(Fixtures.modelJson(TrainedModel.modelZip()));
            out.closeEntry();
            out.putNextEntry(new ZipEntry(ModelFile.GRAPH_ENTRY));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 80; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertTrue(Files.size(bomb) < 1 << 20, "80 MB of zeros pack small");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.load(bomb));
        assertEquals(bomb + ": graph.sdz is over 68 MB unpacked; not a model this mnist wrote", e.getMessage());
    }

    @Test
    void aModelWhoseWeightsAreNotFiniteIsRefused() throws IOException {
        Path nan = withEntry("nan.zip", ModelFile.WEIGHTS_ENTRY, lastValue(Float.NaN));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.loadForInference(nan));
        assertEquals(nan + ": weights output_b hold NaN (a diverged training run); not a usable model", e.getMessage());
        Path infinite = withEntry("inf.zip", ModelFile.WEIGHTS_ENTRY, lastValue(Float.NEGATIVE_INFINITY));
        e = assertThrows(InvalidInputException.class, () -> ModelFile.loadForInference(infinite));
        assertEquals(infinite + ": weights output_b hold -Infinity (a diverged training run); not a usable model", e.getMessage());
    }

    @Test
    void finiteWeightsWhoseSumOverflowsAreNotMistakenForADivergedRun() throws IOException {
        // The check sums each array first: a sum past float's range sends it to the values themselves.
        Path large = withEntry("large.zip", ModelFile.WEIGHTS_ENTRY, lastValue(Float.MAX_VALUE, Float.MAX_VALUE));
        INDArray bias = ModelFile.loadForInference(large).graph().getArrForVarName("output_b");
        assertEquals(Float.MAX_VALUE, bias.getFloat(bias.length() - 1));
        Path both = withEntry("both.zip", ModelFile.WEIGHTS_ENTRY, lastValue(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.loadForInference(both));
        assertEquals(both + ": weights output_b hold Infinity (a diverged training run); not a usable model", e.getMessage());
    }

    @Test
    void weightsCutOffInsideAnArrayAreACleanError() throws IOException {
        // LeNet's weights are 431,080 values, 400,000 of them dense1_W's from the 25,570th: three
        // quarters of the file end inside it, past the first chunk (262,144 values) the reader takes.
        Path cut = withEntry("cut.zip", ModelFile.WEIGHTS_ENTRY, bytes -> java.util.Arrays.copyOf(bytes, bytes.length * 3 / 4));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.loadForInference(cut));
        assertEquals(cut + ": weights are truncated at dense1_W", e.getMessage());
    }

    @Test
    void theGraphEntryHoldsTheStructureAloneAndTheArraysComeFromBesideIt() throws IOException {
        try (ZipFile zip = new ZipFile(TrainedModel.modelZip().toFile())) {
            long weights = zip.getEntry(ModelFile.WEIGHTS_ENTRY).getSize();
            long graph = zip.getEntry(ModelFile.GRAPH_ENTRY).getSize();
            assertTrue(graph < weights / 10, "graph.sdz " + graph + " bytes beside weights.bin's " + weights);
            // Adam's two moments of LeNet's 431,080 weights, as floats.
            long optimizer = zip.getEntry(ModelFile.OPTIMIZER_ENTRY).getSize();
            assertTrue(optimizer > 2 * 4 * 431_080L && optimizer < 2 * weights + 4096, "optimizer.bin " + optimizer + " bytes");
        }
        SameDiff loaded = ModelFile.load(TrainedModel.modelZip()).graph();
        INDArray rebuilt = ModelFile.loadForInference(TrainedModel.modelZip()).graph().getArrForVarName("dense1_W");
        assertEquals(rebuilt, loaded.getArrForVarName("dense1_W"));
        Map<String, INDArray> adam = ((org.nd4j.linalg.learning.GradientUpdater<?>) loaded.getUpdaterMap().get("dense1_W")).getState();
        assertEquals(2, adam.size());
        assertTrue(adam.values().stream().allMatch(moment -> moment.amaxNumber().doubleValue() > 0), "Adam's moments are restored, not fresh zeros");

        Path noWeights = withEntry("no-weights.zip", ModelFile.WEIGHTS_ENTRY, bytes -> null);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ModelFile.load(noWeights));
        assertEquals(noWeights + ": not a model file (no weights.bin inside)", e.getMessage());
    }

    /** The last values of weights.bin, the output layer's last biases, set to {@code values}. */
    private static java.util.function.UnaryOperator<byte[]> lastValue(float... values) {
        return bytes -> {
            for (int i = 0; i < values.length; i++) {
                java.nio.ByteBuffer.wrap(bytes).putFloat(bytes.length - 4 * (values.length - i), values[i]);
            }
            return bytes;
        };
    }

    /** The trained model with its entry {@code entryName} changed by {@code change} (in place, or a new array returned; null: left out). */
    private Path withEntry(String name, String entryName, java.util.function.UnaryOperator<byte[]> change) throws IOException {
        Path changed = dir.resolve(name);
        try (ZipFile zip = new ZipFile(TrainedModel.modelZip().toFile());
             OutputStream file = Files.newOutputStream(changed); ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                byte[] written = entry.getName().equals(entryName) ? change.apply(bytes) : bytes;
                if (written != null) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    out.write(written);
                    out.closeEntry();
                }
            }
        }
        return changed;
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
}
