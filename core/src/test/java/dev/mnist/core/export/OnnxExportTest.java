package dev.mnist.core.export;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.TrainedModel;
import dev.mnist.core.train.TrainConfig;
import dev.mnist.core.train.Trainer;
import dev.mnist.core.train.TrainingListener;
import dev.mnist.core.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every architecture, briefly trained on real images, exported and run in ONNX Runtime: the same
 * probabilities (within 1e-4) and top classes as the toolkit's, with the scaling outside the graph
 * and inside it; where Debian's python3-onnx is installed, its checker accepts every file.
 */
class OnnxExportTest {
    @TempDir
    Path dir;

    @Test
    void everyArchitectureExportsAndAnswersInOnnxRuntimeAsTheToolkitDoes() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Architecture architecture : Architectures.all()) {
            Path data = data(architecture);
            Path model = trained(architecture, data);
            for (boolean scaling : new boolean[]{false, true}) {
                Path file = dir.resolve(architecture.name() + (scaling ? "-pixels" : "") + ".onnx");
                OnnxExporter.Export export = OnnxExporter.export(model, file, scaling, false);
                assertEquals(scaling ? "pixels" : "input", export.input());
                OnnxCheck.Result check = check(file, model, data, 200);
                assertTrue(check.passed(), architecture.name() + (scaling ? " with scaling: " : ": ") + check);
                assertEquals(0, check.topClassDifferences());
                assertTrue(check.images() >= 40, check.toString());
                files.add(file);
            }
        }
        onnxChecker(files);
    }

    private static boolean gray(Architecture architecture) {
        return architecture.designInput().channels() == 1;
    }

    /** Real digits: the gray networks' IDX test images, or colour photos of them at the network's smallest size (28 at least). */
    private Path data(Architecture architecture) {
        if (gray(architecture)) {
            return TrainedModel.data();
        }
        int side = Math.max(28, architecture.minimumSide());
        return Fixtures.colourClassFolders(dir.resolve("photos-" + architecture.name()), new int[]{2, 5, 7}, 16, side);
    }

    /** lenet is {@link TrainedModel}; the others train one epoch on a few hundred (gray) or 48 (colour) images. */
    private Path trained(Architecture architecture, Path data) {
        if (architecture.name().equals("lenet")) {
            return TrainedModel.modelZip();
        }
        TrainConfig.Builder config = TrainConfig.builder(data).model(architecture.name()).epochs(1).valSplit(0);
        if (architecture.name().equals("lenet5")) {
            config.mean(InputContract.Mean.IMAGE); // one network whose scaling subtracts a mean image
        }
        if (gray(architecture)) {
            config.limit(256);
        } else {
            config.imageSize(Math.max(28, architecture.minimumSide()));
        }
        TrainingRun run = new Trainer(TrainingListener.NONE).train(config.build(), dir.resolve("runs"), architecture.name());
        return run.dir();
    }

    @Test
    void theFileAndItsSidecarSayHowToPrepareAnImage() throws IOException {
        Path file = dir.resolve("lenet.onnx");
        OnnxExporter.Export export = OnnxExporter.export(TrainedModel.run(), file, false, false);
        assertEquals(OnnxExporter.sidecarOf(file), export.sidecar());
        Map<?, ?> sidecar = Json.MAPPER.readValue(export.sidecar().toFile(), Map.class);
        assertEquals("input", sidecar.get("input"));
        assertEquals(List.of(-1, 1, 28, 28), sidecar.get("inputShape"));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), sidecar.get("classNames"));
        assertEquals("digit", ((Map<?, ?>) sidecar.get("contract")).get("preparation"));
        assertEquals(13, sidecar.get("opset"));
        String bytes = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("input_contract") && bytes.contains("\"preparation\":\"digit\""), "metadata_props carry the contract");
    }

    @Test
    void anotherModelsFileFailsTheCheck() throws IOException {
        Path other = dir.resolve("other.onnx");
        TrainingRun run = new Trainer(TrainingListener.NONE).train(TrainConfig.builder(TrainedModel.data()).epochs(1).limit(128)
                .seed(5).valSplit(0).build(), dir.resolve("runs"), "other");
        OnnxExporter.export(run.dir(), other, false, false);
        OnnxCheck.Result check = check(other, TrainedModel.run(), TrainedModel.data(), 100);
        assertFalse(check.passed());
        assertTrue(check.largestDifference() > 0.01 && check.topClassDifferences() > 0, check.toString());
    }

    @Test
    void aFileThatIsNoModelIsAClearErrorAndNothingIsWritten() throws IOException {
        Path notAModel = Files.writeString(dir.resolve("model.zip"), "not a zip");
        Path target = dir.resolve("out.onnx");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> OnnxExporter.export(notAModel, target, false, false));
        assertTrue(e.getMessage().contains("not a model file"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    private static OnnxCheck.Result check(Path file, Path model, Path data, int limit) {
        try (OnnxCheck check = OnnxCheck.prepare(model, data, limit)) {
            return check.run(file, done -> { });
        }
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenItIsAnEarlierExportOrWithReplace() throws IOException {
        Path model = TrainedModel.modelZip();
        Path file = dir.resolve("mine.onnx");
        OnnxExporter.export(model, file, false, false);
        byte[] first = Files.readAllBytes(file);
        OnnxExporter.export(model, file, true, false);
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(file)), "an earlier export is replaced");

        Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");
        InvalidInputException kept = assertThrows(InvalidInputException.class, () -> OnnxExporter.export(model, notes, false, false));
        assertTrue(kept.getMessage().contains("--force"), kept.getMessage());
        assertEquals("keep me", Files.readString(notes));
        assertFalse(Files.exists(OnnxExporter.sidecarOf(notes)));

        Path sidecar = Files.writeString(dir.resolve("b.onnx.json"), "{\"mine\": true}");
        assertThrows(InvalidInputException.class, () -> OnnxExporter.export(model, dir.resolve("b.onnx"), false, false));
        assertEquals("{\"mine\": true}", Files.readString(sidecar));
        assertFalse(Files.exists(dir.resolve("b.onnx")));

        OnnxExporter.export(model, notes, false, true);
        assertTrue(Files.readString(notes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("input_contract"), "--force replaces it");
    }

    @Test
    void theSidecarNamesTheModelWithLinksResolved() throws IOException {
        Path latest = Files.createSymbolicLink(dir.resolve("latest"), TrainedModel.run().toAbsolutePath());
        OnnxExporter.Export export = OnnxExporter.export(latest, dir.resolve("linked.onnx"), false, false);
        Map<?, ?> sidecar = Json.MAPPER.readValue(export.sidecar().toFile(), Map.class);
        assertEquals(TrainedModel.run().resolve("model.zip").toRealPath().toString(), sidecar.get("model"));
    }

    @Test
    void theModelItselfAndAFolderAreNeverTargets() throws IOException {
        Path copy = Files.copy(TrainedModel.modelZip(), dir.resolve("copy.zip"));
        byte[] before = Files.readAllBytes(copy);
        InvalidInputException self = assertThrows(InvalidInputException.class, () -> OnnxExporter.export(copy, copy, false, true));
        assertTrue(self.getMessage().contains("is the model being exported"), self.getMessage());
        assertArrayEquals(before, Files.readAllBytes(copy));

        Path folder = Files.createDirectory(dir.resolve("folder.onnx"));
        InvalidInputException onFolder = assertThrows(InvalidInputException.class, () -> OnnxExporter.export(copy, folder, false, true));
        assertTrue(onFolder.getMessage().contains("is a folder"), onFolder.getMessage());
    }

    /** Runs onnx.checker.check_model on each file when /usr/bin/python3 has the onnx package (Debian's python3-onnx). */
    private static void onnxChecker(List<Path> files) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python) || new ProcessBuilder(python.toString(), "-c", "import onnx").start().waitFor() != 0) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), "-c",
                "import sys, onnx\nfor f in sys.argv[1:]: onnx.checker.check_model(onnx.load(f), full_check=True)"));
        files.forEach(f -> command.add(f.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), "the onnx checker: " + output);
    }
}
