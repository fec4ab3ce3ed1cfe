package dev.mnist.cli;

import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run resumed by a JVM that has built no training graph before it loads the checkpoint's: what
 * that graph needs from ND4J (the op classes of batch normalisation's gradient and of tanh, see
 * dev.mnist.core.nd4j.Nd4jWorkarounds) must come with loading it.
 */
class ResumeInNewJvmTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"resnet", "lenet5"})
    void aRunResumesInANewJvm(String model) throws Exception {
        Path data = Fixtures.smallIdxFolder(dir.resolve("data"), 160);
        Path runs = dir.resolve("runs");
        CommandRun first = CommandRun.of("train", "--quiet", "--model", model, "--data", data.toString(), "--epochs", "1",
                "--batch-size", "32", "--lr-policy", "fixed", "--runs", runs.toString(), "--run", "r");
        assertEquals(0, first.exitCode(), first.toString());

        Path err = dir.resolve("err.txt");
        Process resumed = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Xmn64m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--quiet", "--resume", runs.resolve("r").toString(), "--epochs", "2"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "the resumed run ends");
        assertEquals(0, resumed.exitValue(), Files.readString(err));
        assertEquals(2, new RunFolder(runs.resolve("r")).metrics().size());
    }
}
