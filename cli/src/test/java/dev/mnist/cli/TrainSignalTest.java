package dev.mnist.cli;

import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.run.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mnist train in its own JVM, stopped by real signals, then resumed. */
class TrainSignalTest {
    @TempDir
    Path dir;

    /** Starts training 3 epochs of 2,700 real digits in a new JVM, its stderr going to {@code err}. */
    private static Process startTraining(Path data, Path runs, Path err) throws IOException {
        return startTraining(err, ProcessBuilder.Redirect.DISCARD, "--data", data.toString(), "--epochs", "3",
                "--runs", runs.toString(), "--run", "r");
    }

    private static Process startTraining(Path err, ProcessBuilder.Redirect out, String... trainArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Xmn64m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.org.nd4j=error",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train"));
        command.addAll(List.of(trainArgs));
        return new ProcessBuilder(command).redirectOutput(out).redirectError(err.toFile()).start();
    }

    /** Waits until a line of the file starts with {@code prefix}. */
    private static void awaitLine(Path file, String prefix, Process process) throws Exception {
        awaitLines(file, prefix, 1, process);
    }

    /** Waits until {@code count} lines of the file start with {@code prefix}. */
    private static void awaitLines(Path file, String prefix, int count, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.readAllLines(file).stream().filter(line -> line.startsWith(prefix)).count() >= count) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(count + " lines '" + prefix + "' expected in\n" + Files.readString(file));
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

    /**
     * The signal comes during the last batch, after the last check for a stop: the run completes while
     * the JVM shuts down. Without a TTY the bar prints its third line at 75 %, just before the last
     * batch (410 images) starts, which takes far longer than the signal needs to arrive.
     */
    @Test
    void aSignalDuringTheLastBatchCompletesTheRunAndSaysSo() throws Exception {
        Path data = Fixtures.splitIdxFolder(dir.resolve("data"), 0, 2_048, 0, 10);
        Path runs = dir.resolve("runs");
        Path errFile = dir.resolve("err.txt");
        Path outFile = dir.resolve("out.txt");
        Process process = startTraining(errFile, ProcessBuilder.Redirect.to(outFile.toFile()), "--data", data.toString(),
                "--epochs", "1", "--batch-size", "512", "--val-split", "0.05", "--runs", runs.toString(), "--run", "r");
        awaitLines(errFile, "epoch 1/1 [", 3, process);
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM exits once the run is saved");
        String err = Files.readString(errFile);
        RunFolder folder = new RunFolder(runs.resolve("r"));
        assertEquals(143, process.exitValue(), err);
        assertTrue(err.contains("mnist: the signal came as training ended; the run is complete: " + folder.model()), err);
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("stopped in epoch"), err);
        assertTrue(Files.readString(outFile).startsWith("model: " + folder.model() + "  epochs: 1"), Files.readString(outFile));
        assertTrue(Files.isRegularFile(folder.model()), err);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(Files.readAllBytes(folder.curves()), 4), err);
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
