package dev.mnist.spark;

import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.StandInCheckout;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code examples/spark-local.sh} as a user runs it, in a stand-in checkout holding the built jars:
 * its first job records the JVM's class archive, and the next one starts from it.
 */
class SparkLocalScriptIT {
    private static final int IMAGES = 20;

    @TempDir
    Path root;

    @Test
    void theFirstJobRecordsAClassArchiveThatTheNextOneMaps() throws Exception {
        Path target = Files.createDirectories(root.resolve("spark/target"));
        Files.createSymbolicLink(target.resolve("mnist-spark.jar"), Path.of(System.getProperty("mnist.spark.jar")).toAbsolutePath());
        Files.createSymbolicLink(target.resolve("spark-jars"), Path.of(System.getProperty("mnist.spark.jars")).toAbsolutePath());
        StandInCheckout.withSourcesOlderThanTheBuild(root, "core", "cli", "spark");
        Files.createDirectories(root.resolve("examples"));
        for (String file : List.of("spark-local.sh", "spark-log4j2.properties")) {
            Files.copy(Path.of("..", "examples", file), root.resolve("examples").resolve(file));
        }
        Path images = root.resolve("digits");
        for (int i = 0; i < IMAGES; i++) {
            int index = TrainedModel.TEST_FROM + i;
            Images.write(Images.digit(index), "png", images.resolve(Integer.toString(Fixtures.testSet().label(index))).resolve(index + ".png"));
        }

        // A failed job may have loaded few of the classes: its recording is not kept.
        Result failed = classify(root.resolve("no-model.zip"), images, "failed", Map.of());
        assertEquals(SparkMain.BAD_INPUT, failed.exitCode, failed.err);
        assertEquals(List.of(), archives(target));

        Result first = classify(TrainedModel.modelZip(), images, "first", Map.of());
        assertEquals(0, first.exitCode, first.err);
        assertSummaryAlone(first);
        assertTrue(first.err.contains("spark-local: this first run also records the classes it loads"), first.err);
        List<Path> archives = archives(target);
        assertEquals(1, archives.size(), "one archive, no temporary left: " + archives);
        assertTrue(archives.get(0).getFileName().toString().matches("spark-classes-\\d+\\.jsa"), archives.toString());

        // -Xshare:on: the JVM stops unless it maps the archive (given outside the options the script keys the archive by).
        Result second = classify(TrainedModel.modelZip(), images, "second", Map.of("JAVA_TOOL_OPTIONS", "-Xshare:on"));
        assertEquals(0, second.exitCode, second.err);
        assertSummaryAlone(second);
        assertTrue(!second.err.contains("records the classes"), second.err);
        assertEquals(archives, archives(target));
    }

    private static void assertSummaryAlone(Result run) {
        assertTrue(run.out.startsWith("classified " + IMAGES + " images in "), "stdout: " + run.out);
        assertEquals(1, run.out.lines().count(), "stdout holds the summary alone: " + run.out);
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result classify(Path model, Path images, String output, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("examples/spark-local.sh").toString(), "classify",
                "--model", model.toString(), "--input", images.toString(), "--output", root.resolve(output).toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("MNIST_SPARK") || name.startsWith("SPARK_")
                || name.endsWith("JAVA_OPTIONS") || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        builder.environment().putAll(environment);
        Path out = root.resolve(output + ".out");
        Path err = root.resolve(output + ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("the job did not end in 300 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<Path> archives(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().contains(".jsa")).sorted().toList();
        }
    }
}
