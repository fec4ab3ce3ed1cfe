package dev.mnist.cli;

import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mnist train in its own JVM, stopped by real signals, then resumed. */
class TrainSignalTest {
    @TempDir
    Path dir;

    /** Starts training 3 epochs of 2,700 real digits in a new JVM, its stderr going to {@code err}. */
    private static Process startTraining(Path data, Path runs, Path err) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Xmn64m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.nd4j=error",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--data", data.toString(), "--epochs", "3", "--runs", runs.toString(), "--run", "r"));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
    }

    /** Waits until a line of the file starts with {@code prefix}. */
    private static void awaitLine(Path file, String prefix, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.readAllLines(file).stream().anyMatch(line -> line.startsWith(prefix))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line '" + prefix + "' in\n" + Files.readString(file));
    }

    @Test
    void sigtermSavesACheckpointMidEpochAndResumeFinishesTheRun() throws Exception {
        Path data = Fixtures.splitIdxFolder(dir.resolve("data"), 0, 3_000, 0, 100);
        Path runs = dir.resolve("runs");
        Path errFile = dir.resolve("err.txt");
        Process process = startTraining(data, runs, errFile);
        awaitLine(errFile, "epoch 2/3 [", process);
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM exits after the checkpoint");
        String err = Files.readString(errFile);
        assertTrue(process.exitValue() == ExitCode.INTERRUPTED || process.exitValue() == 143, "exit " + process.exitValue() + "\n" + err);
        assertTrue(err.contains("mnist: stopped in epoch 2 after "), err);
        RunFolder folder = new RunFolder(runs.resolve("r"));
        Path checkpoint = folder.latestCheckpoint().orElseThrow();
        assertTrue(checkpoint.getFileName().toString().matches("epoch-001-batch-\\d{5}\\.zip"), checkpoint.toString());
        assertTrue(err.contains("checkpoint " + checkpoint), err);

        CommandRun resumed = CommandRun.of("train", "--quiet", "--resume", folder.dir().toString());
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertEquals(3, folder.metrics().size());
        assertTrue(Files.exists(folder.model()));
    }

    @Test
    void afterSigkillResumeStartsFromTheLastCompleteCheckpoint() throws Exception {
        Path data = Fixtures.splitIdxFolder(dir.resolve("data"), 0, 3_000, 0, 100);
        Path runs = dir.resolve("runs");
        Process process = startTraining(data, runs, dir.resolve("err.txt"));
        awaitLine(dir.resolve("err.txt"), "epoch 1/3:", process);
        process.destroyForcibly();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, process.exitValue());
        RunFolder folder = new RunFolder(runs.resolve("r"));
        try (Stream<Path> files = Files.list(folder.dir().resolve("checkpoints"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("epoch-001.zip")));
        }

        CommandRun resumed = CommandRun.of("train", "--resume", folder.dir().toString());
        assertEquals(0, resumed.exitCode(), resumed.toString());
        assertTrue(resumed.err().contains("(resuming after epoch "), resumed.toString());
        assertEquals(3, folder.metrics().size());
    }
}
