package dev.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.data.download.DatasetSpec;
import dev.mnist.core.data.download.DownloadListener;
import dev.mnist.core.data.download.Downloader;
import dev.mnist.core.data.download.RemoteFile;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quickstart's chain end to end, as a user runs it: download from a mirror (a real HTTP server
 * on 127.0.0.1 serving the real MNIST test files under all four names, checked against their own
 * checksums since the real training images are not in the fixtures), then the commands convert,
 * train, evaluate with a CI gate, and classify one of the sample digits in examples/.
 */
class QuickstartChainTest {
    private static final Map<String, String> SERVED = Map.of(
            "train-images-idx3-ubyte.gz", Fixtures.TEST_IMAGES_GZ,
            "train-labels-idx1-ubyte.gz", Fixtures.TEST_LABELS_GZ,
            "t10k-images-idx3-ubyte.gz", Fixtures.TEST_IMAGES_GZ,
            "t10k-labels-idx1-ubyte.gz", Fixtures.TEST_LABELS_GZ);
    private static final Path SAMPLE_SEVEN = Path.of("..", "examples", "digits", "7-pen.png");

    @TempDir
    Path dir;

    @Test
    void downloadConvertTrainEvaluateClassify() throws Exception {
        Path data = dir.resolve("data/mnist");
        try (TestHttpServer mirror = new TestHttpServer()) {
            mirror.route("/mnist/", exchange -> TestHttpServer.sendWithRanges(exchange,
                    Fixtures.bytes(SERVED.get(exchange.getRequestURI().getPath().substring("/mnist/".length())))));
            new Downloader(Duration.ofSeconds(10), new DownloadListener() {
            }).download(servedDataset(), List.of(mirror.base("/mnist/")), data, false);
        }
        assertTrue(Files.isRegularFile(data.resolve("train-images-idx3-ubyte")));

        CommandRun convert = CommandRun.of("convert", "--quiet", "--data", data.toString());
        assertEquals(0, convert.exitCode(), convert.toString());

        Path runs = dir.resolve("runs");
        CommandRun train = CommandRun.of("train", "--quiet", "--data", data.toString(), "--epochs", "2", "--limit", "3000",
                "--runs", runs.toString());
        assertEquals(0, train.exitCode(), train.toString());
        assertTrue(Files.isSymbolicLink(runs.resolve("latest")));

        CommandRun evaluate = CommandRun.of("evaluate", "--json", "--quiet", "--model", runs.resolve("latest").toString(),
                "--data", data.toString(), "--min-accuracy", "0.8");
        assertEquals(0, evaluate.exitCode(), evaluate.toString());
        JsonNode report = Json.MAPPER.readTree(evaluate.out());
        assertEquals(10_000, report.get("images").asInt());
        assertTrue(report.get("accuracy").asDouble() >= 0.8);

        CommandRun classify = CommandRun.of("classify", "--quiet", "--model", runs.resolve("latest").toString(), SAMPLE_SEVEN.toString());
        assertEquals(0, classify.exitCode(), classify.toString());
        assertTrue(classify.out().startsWith(SAMPLE_SEVEN + ": 7 ("), classify.toString());
    }

    private static DatasetSpec servedDataset() throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        List<RemoteFile> files = SERVED.keySet().stream().sorted().map(name -> {
            byte[] bytes = Fixtures.bytes(SERVED.get(name));
            return new RemoteFile(name, bytes.length, HexFormat.of().formatHex(md5.digest(bytes)));
        }).toList();
        return new DatasetSpec("mnist", List.of(), files, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }
}
