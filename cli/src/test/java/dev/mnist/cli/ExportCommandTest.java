package dev.mnist.cli;

import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest {
    @TempDir
    Path dir;

    @Test
    void exportsAndChecksInOnnxRuntimePrintingOneLineForEach() {
        Path file = dir.resolve("digits.onnx");
        CommandRun run = CommandRun.of("export", "--model", TrainedModel.run().toString(), "--out", file.toString(), "--check",
                "--check-data", TrainedModel.data().toString(), "--check-images", "300");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().matches("onnx: " + java.util.regex.Pattern.quote(file.toString()) + " \\(lenet, opset 13, input 'input' "
                + "\\[-1, 1, 28, 28\\], [0-9,]+ bytes; sidecar .*digits\\.onnx\\.json\\)\\n"
                + "check: passed on 300 images of .*: largest difference \\d\\.\\d\\de-\\d\\d \\(at most 1e-04\\), top class differs on 0\\n"),
                run.toString());
        assertTrue(Files.exists(dir.resolve("digits.onnx.json")));
    }

    @Test
    void withIncludeScalingTheInputIsPixelsAndJsonSaysSo() {
        CommandRun run = CommandRun.of("export", "--model", TrainedModel.modelZip().toString(), "--out", dir.resolve("p.onnx").toString(),
                "--include-scaling", "--json");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("\"input\" : \"pixels\"") && run.out().contains("\"check\" : null"), run.toString());
    }

    @Test
    void badOptionsAndMissingModelsAreClearErrors() {
        CommandRun format = CommandRun.of("export", "--model", TrainedModel.run().toString(), "--format", "tflite");
        assertEquals(ExitCode.USAGE, format.exitCode(), format.toString());
        assertTrue(format.err().startsWith("mnist: error: --format must be onnx, not 'tflite'"), format.toString());
        CommandRun missing = CommandRun.of("export", "--model", dir.resolve("none.zip").toString(), "--out", dir.resolve("x.onnx").toString());
        assertEquals(ExitCode.BAD_INPUT, missing.exitCode(), missing.toString());
        assertFalse(Files.exists(dir.resolve("x.onnx")));
    }

    @Test
    void unusableCheckDataWritesNothingAndAnExistingFileIsKept() throws java.io.IOException {
        Path file = dir.resolve("c.onnx");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        CommandRun noImages = CommandRun.of("export", "--model", TrainedModel.run().toString(), "--out", file.toString(), "--check",
                "--check-data", empty.toString());
        assertEquals(ExitCode.BAD_INPUT, noImages.exitCode(), noImages.toString());
        assertFalse(Files.exists(file) || Files.exists(dir.resolve("c.onnx.json")), noImages.toString());

        Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me");
        CommandRun refused = CommandRun.of("export", "--model", TrainedModel.run().toString(), "--out", notes.toString());
        assertEquals(ExitCode.BAD_INPUT, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("--force replaces it"), refused.toString());
        assertEquals("keep me", Files.readString(notes));

        CommandRun unchecked = CommandRun.of("export", "--model", TrainedModel.run().toString(), "--out", file.toString(),
                "--check-images", "5");
        assertEquals(ExitCode.USAGE, unchecked.exitCode(), unchecked.toString());
        assertTrue(unchecked.err().contains("--check-images needs --check"), unchecked.toString());
    }
}
