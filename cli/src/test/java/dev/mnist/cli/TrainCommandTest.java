package dev.mnist.cli;

import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.train.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TrainCommandTest {
    @TempDir
    Path dir;

    /** A script reads a run's outcome from one JSON document, with no NaN where a run has no validation. */
    @Test
    void jsonIsOneDocumentWithTheRunsOutcome() throws Exception {
        Path data = Fixtures.smallIdxFolder(dir.resolve("data"), 400);
        Path runs = dir.resolve("runs");
        CommandRun run = CommandRun.of("train", "--json", "--data", data.toString(), "--epochs", "1", "--runs", runs.toString(), "--run", "j");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1, run.out().lines().count(), run.toString());
        com.fasterxml.jackson.databind.JsonNode result = dev.mnist.core.io.Json.MAPPER.readTree(run.out());
        assertEquals("j", result.get("name").asText());
        assertEquals(runs.resolve("j/model.zip").toAbsolutePath().toString(), result.get("model").asText());
        assertTrue(Files.isRegularFile(Path.of(result.get("best").asText())), run.toString());
        assertEquals(1, result.get("epochs").asInt());
        assertEquals(360, result.get("trainImages").asInt());
        double accuracy = result.get("last").get("valAccuracy").asDouble();
        assertTrue(accuracy > 0 && accuracy <= 1, run.toString());
        assertEquals(1, result.get("bestEpoch").get("epoch").asInt());
        assertTrue(result.get("seconds").asDouble() > 0, run.toString());
        assertTrue(run.err().contains("epoch 1/1:"), "progress stays on stderr\n" + run);

        CommandRun noValidation = CommandRun.of("train", "--json", "-q", "--data", data.toString(), "--epochs", "1", "--val-split", "0",
                "--runs", runs.toString(), "--run", "nv");
        assertEquals(0, noValidation.exitCode(), noValidation.toString());
        com.fasterxml.jackson.databind.JsonNode plain = dev.mnist.core.io.Json.MAPPER.readTree(noValidation.out());
        assertTrue(plain.get("last").get("valAccuracy") == null, "no NaN in the JSON: " + noValidation.out());
    }

    @Test
    void trainsFromConvertedPngFoldersAndPrintsOneResultLine() {
        Path data = Fixtures.smallIdxFolder(dir.resolve("data"), 600);
        assertEquals(0, CommandRun.of("convert", "--quiet", "--data", data.toString()).exitCode());
        Path runs = dir.resolve("runs");
        CommandRun run = CommandRun.of("train", "--data", data.resolve("png").toString(), "--epochs", "1", "--runs", runs.toString(),
                "--run", "png");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().matches("model: .*png/model\\.zip  epochs: 1  val_accuracy: 0\\.\\d{4}\\n"), run.toString());
        assertTrue(run.err().contains("data:     " + data.resolve("png/train") + " (image-folders): 540 training, 60 validation images, 10 classes\n"),
                run.toString());
        assertTrue(run.err().contains("input:    1x28x28, digit preparation, squash resize, unit scaling (auto: 90% of 600 sampled images "
                + "are dark-framed like MNIST digits (at least 75%))\n"), run.toString());
        assertTrue(run.err().lines().anyMatch(line -> line.matches("epoch 1/1 \\[[#.]+\\] +\\d+% .* img/s .*loss \\d+\\.\\d{4}")),
                "progress lines show the running loss\n" + run);
        assertTrue(Files.exists(runs.resolve("png/model.zip")));
    }

    /** runs/latest is the toolkit's link: a user's file or folder of that name is refused, never replaced or left naming an old model. */
    @Test
    void latestStaysALinkToTheRealRunAndAUsersOwnLatestIsRefused() throws Exception {
        Path data = Fixtures.smallIdxFolder(dir.resolve("data"), 200);
        Path runs = dir.resolve("runs");
        CommandRun first = CommandRun.of("train", "-q", "--data", data.toString(), "--runs", runs.toString(), "--run", "a",
                "--epochs", "1", "--val-split", "0", "--lr-policy", "fixed");
        assertEquals(0, first.exitCode(), first.toString());
        CommandRun resumed = CommandRun.of("train", "-q", "--resume", runs.resolve("latest").toString(), "--epochs", "2");
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertEquals(Path.of("a"), java.nio.file.Files.readSymbolicLink(runs.resolve("latest")), "latest names the run, not itself");
        assertTrue(java.nio.file.Files.isRegularFile(runs.resolve("latest").resolve("model.zip")));

        java.nio.file.Files.delete(runs.resolve("latest"));
        java.nio.file.Files.writeString(runs.resolve("latest"), "my notes");
        CommandRun overFile = CommandRun.of("train", "-q", "--data", data.toString(), "--runs", runs.toString(), "--epochs", "1");
        assertEquals(ExitCode.BAD_INPUT, overFile.exitCode(), overFile.toString());
        assertTrue(overFile.err().contains("latest: is a file this tool did not make"), overFile.toString());
        assertEquals("my notes", java.nio.file.Files.readString(runs.resolve("latest")));

        java.nio.file.Files.delete(runs.resolve("latest"));
        java.nio.file.Files.createDirectories(runs.resolve("latest"));
        CommandRun overFolder = CommandRun.of("train", "-q", "--data", data.toString(), "--runs", runs.toString(), "--epochs", "1");
        assertEquals(ExitCode.BAD_INPUT, overFolder.exitCode(), overFolder.toString());
        assertTrue(overFolder.err().contains("latest: is a folder this tool did not make"), overFolder.toString());
    }

    @Test
    void freezingNeedsAParentAndFewerFrozenEpochsThanEpochs() {
        for (String[] args : new String[][]{{"--freeze-epochs", "1"}, {"--freeze", "dense1"}}) {
            CommandRun run = CommandRun.of("train", "--data", dir.toString(), args[0], args[1]);
            assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("mnist: error: " + args[0] + " keeps layers as --init-from's model trained them"), run.toString());
        }
        CommandRun tooMany = CommandRun.of("train", "--data", dir.toString(), "--init-from", "x.zip", "--freeze-epochs", "3",
                "--epochs", "3");
        assertEquals(ExitCode.USAGE, tooMany.exitCode(), tooMany.toString());
        assertTrue(tooMany.err().startsWith("mnist: error: --freeze-epochs must be fewer than --epochs (3)"), tooMany.toString());
    }

    @Test
    void badNumbersAreUsageErrors() {
        for (String[] args : new String[][]{{"--epochs", "0"}, {"--batch-size", "-3"}, {"--val-split", "1.5"}, {"--optimizer", "rmsprop"},
                {"--lr-policy", "sideways"}, {"--lr-policy", "multistep"}, {"--label-smoothing", "1"}, {"--weight-decay", "-1"},
                {"--warmup", "-2"}, {"--rotate", "200"}, {"--flip", "diagonal"}, {"--momentum", "0.5"}, {"--accumulate", "0"},
                {"--clip-grad-norm", "-1"}, {"--body-lr-factor", "0"}, {"--freeze-epochs", "-1"}, {"--freeze", "conv7"}}) {
            CommandRun run = CommandRun.of("train", "--data", dir.toString(), args[0], args[1]);
            assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("mnist: error: "), run.toString());
            assertEquals(2, run.err().lines().count(), run.toString());
        }
    }

    @Test
    void fineTunesFromAModelPrintingWhatItCopiedAndEvaluateNamesTheParent() {
        Path digits = Fixtures.smallIdxFolder(dir.resolve("digits"), 300);
        Path fashion = Fixtures.fashionIdxFolder(dir.resolve("fashion"), 300, 100);
        Path runs = dir.resolve("runs");
        assertEquals(0, CommandRun.of("train", "--quiet", "--data", digits.toString(), "--epochs", "1", "--runs", runs.toString(),
                "--run", "parent").exitCode());
        CommandRun tune = CommandRun.of("train", "--data", fashion.toString(), "--init-from", runs.resolve("parent").toString(),
                "--epochs", "2", "--freeze-epochs", "1", "--body-lr-factor", "0.1", "--runs", runs.toString(), "--run", "child");
        assertEquals(0, tune.exitCode(), tune.toString());
        Path parentZip = runs.resolve("parent/model.zip").toAbsolutePath().normalize();
        assertTrue(tune.err().matches("(?s).*\ninit:     " + java.util.regex.Pattern.quote(parentZip.toString())
                + " \\(lenet, 10 classes, epoch 1, weights [0-9a-f]{12}\\)\n"
                + "          copied conv1, conv2, dense1; new: logits: other classes \\(0 1 2 3 4 5 \\.\\.\\. \\(10\\) in the parent; "
                + "T-shirt/top Trouser Pullover Dress Coat Sandal \\.\\.\\. \\(10\\) here\\)\n"
                + "freeze:   all before the classifier frozen for the first epoch, then trained at 0.1 x the rate\n.*"), tune.toString());
        assertTrue(tune.err().contains("input:    1x28x28, digit preparation, squash resize, unit scaling (the parent model's)\n"),
                tune.toString());

        CommandRun evaluate = CommandRun.of("evaluate", "--model", runs.resolve("child").toString(), "--data", fashion.toString(), "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.toString());
        assertTrue(evaluate.out().matches("(?s).*\"parent\" : \\{\\s*\"model\" : \"" + java.util.regex.Pattern.quote(parentZip.toString())
                + "\",\\s*\"weightsSha256\" : \"[0-9a-f]{64}\",\\s*\"architecture\" : \"lenet\".*"), evaluate.toString());
    }

    @Test
    void lrFindPrintsASuggestionAndLeavesOnlyItsPicture() throws Exception {
        Path data = Fixtures.smallIdxFolder(dir.resolve("data"), 600);
        Path picture = dir.resolve("find.png");
        CommandRun run = CommandRun.of("lr-find", "--data", data.toString(), "--batches", "30", "--start-lr", "1e-5",
                "--out", picture.toString(), "--json");
        assertEquals(0, run.exitCode(), run.toString());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertTrue(json.get("suggested").asDouble() > 1e-5, run.out());
        assertTrue(json.get("points").size() >= 3 && json.get("points").size() <= 30, run.out());
        assertTrue(Files.size(picture) > 0);
        try (var left = Files.list(dir)) {
            assertEquals(java.util.Set.of("data", "find.png"),
                    left.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()), "no run folder");
        }
        CommandRun bad = CommandRun.of("lr-find", "--data", data.toString(), "--start-lr", "1", "--end-lr", "0.1");
        assertEquals(ExitCode.USAGE, bad.exitCode(), bad.toString());
    }

    @Test
    void gpuWithoutCudaExitsWith7() {
        // The CUDA build (-Pcuda) says why it has no GPU to run on; it can only be asked where there is none.
        boolean cuda = Backend.cudaBundled();
        assumeTrue(!cuda || !Nd4j.getBackend().getClass().getSimpleName().equals("JCublasBackend"), "a CUDA build running on a GPU");
        Path data = Fixtures.smallIdxFolder(dir.resolve("data"), 100);
        CommandRun run = CommandRun.of("train", "--data", data.toString(), "--device", "gpu", "--runs", dir.resolve("runs").toString());
        assertEquals(ExitCode.DEVICE_UNAVAILABLE, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith(cuda ? "mnist: error: --device gpu: no "
                : "mnist: error: --device gpu: this build has no CUDA backend"), run.toString());
    }
}
