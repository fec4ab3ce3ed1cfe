package dev.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mnist serve in its own JVM: the address on stdout, classify's answers over HTTP, the real model file named
 * through a link, a truncated image refused, a client hanging up logged as such, small images answered while
 * large ones fill the decode budget, a clean stop on SIGTERM.
 */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesClassifysAnswersAndStopsCleanlyOnSigterm() throws Exception {
        Path err = dir.resolve("err.txt");
        // Served through a link, as runs/latest is: the model is named by its real file.
        Path latest = Files.createSymbolicLink(Files.createDirectories(dir.resolve("runs")).resolve("latest"), TrainedModel.run());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Xmn64m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--model", latest.toString(), "--port", "0");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String address = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(120, TimeUnit.SECONDS);
            assertTrue(address != null && address.matches("http://127\\.0\\.0\\.1:\\d+"), address + "\n" + Files.readString(err));

            Path pen = Path.of("..", "examples", "digits", "7-pen.png");
            Path unseen = Images.write(Images.blackOnWhite(Images.digit(TrainedModel.TEST_FROM + 5), 90), "png", dir.resolve("d.png"));
            for (Path image : List.of(pen, unseen)) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(address + "/api/classify?top=3"))
                        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofFile(image)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                CommandRun classify = CommandRun.of("classify", "--json", "--quiet", "--model", TrainedModel.run().toString(), image.toString());
                JsonNode expected = Json.MAPPER.readTree(classify.out()).get("predictions").get(0).get("top");
                assertEquals(expected, Json.MAPPER.readTree(response.body()).get("top"), "serve answers as classify does for " + image);
            }

            HttpResponse<String> model = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(address + "/api/model")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(TrainedModel.run().resolve("model.zip").toRealPath().toString(), Json.MAPPER.readTree(model.body()).get("model").asText());

            byte[] jpeg = Images.encode(Images.blackOnWhite(Images.digit(0), 200), "jpg");
            HttpResponse<String> cut = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(address + "/api/classify"))
                    .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(java.util.Arrays.copyOf(jpeg, jpeg.length / 2)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, cut.statusCode(), "a truncated JPEG is a broken image, not an answer: " + cut.body());
            assertTrue(cut.body().contains("broken image"), cut.body());

            hangUpMidBody(address);
            int loadRequests = smallImagesAreAnsweredWhileLargeOnesFillTheDecodeBudget(address);

            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server stops on SIGTERM");
            String log = Files.readString(err);
            assertTrue(process.exitValue() == 143 || process.exitValue() == ExitCode.INTERRUPTED, "exit " + process.exitValue() + "\n" + log);
            assertTrue(log.contains("POST /api/classify?top=3 200 "), log);
            assertTrue(log.contains("POST /api/classify client hung up after 1000B of its body"), log);
            assertFalse(log.contains(" 500 "), log);
            assertTrue(log.contains("stopped after " + (5 + loadRequests) + " requests"), log);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Five clients looping 4000x4000 PNG uploads spend the decode budget between them (503s among their
     * answers) while one client sends 28x28 digits for two seconds: every small one is answered. On the
     * code before separate budgets, 8 of 120 small ones were 503s.
     *
     * @return the requests sent
     */
    private static int smallImagesAreAnsweredWhileLargeOnesFillTheDecodeBudget(String address) throws Exception {
        byte[] largePng = Images.encode(new BufferedImage(4000, 4000, BufferedImage.TYPE_BYTE_GRAY), "png");
        byte[] smallPng = Images.encode(Images.digit(0), "png");
        HttpClient client = HttpClient.newHttpClient();
        AtomicBoolean done = new AtomicBoolean();
        Map<Integer, Integer> largeStatuses = new ConcurrentHashMap<>();
        ExecutorService uploaders = Executors.newFixedThreadPool(5);
        for (int i = 0; i < 5; i++) {
            uploaders.execute(() -> {
                while (!done.get()) {
                    largeStatuses.merge(postPng(client, address, largePng), 1, Integer::sum);
                }
            });
        }
        List<Integer> smallStatuses = new ArrayList<>();
        try {
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                smallStatuses.add(postPng(client, address, smallPng));
            }
        } finally {
            done.set(true);
            uploaders.shutdown();
            uploaders.awaitTermination(60, TimeUnit.SECONDS);
        }
        assertFalse(largeStatuses.isEmpty(), "the large ones were sent");
        assertTrue(smallStatuses.stream().allMatch(status -> status == 200), "small images' statuses " + smallStatuses
                + " while the large ones got " + largeStatuses);
        return smallStatuses.size() + largeStatuses.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Sends a tenth of the body it announces, then closes the connection. */
    private static void hangUpMidBody(String address) throws Exception {
        URI uri = URI.create(address);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write(("POST /api/classify HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 10000\r\n\r\n" + "x".repeat(1000)).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(200);
        }
    }

    private static int postPng(HttpClient client, String address, byte[] png) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(address + "/api/classify")).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPortInUseOrAMissingModelIsABadInput() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CommandRun run = CommandRun.of("serve", "--model", TrainedModel.run().toString(), "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.toString());
            assertTrue(run.err().contains("cannot listen"), run.err());
        }
        CommandRun missing = CommandRun.of("serve", "--model", dir.resolve("none.zip").toString());
        assertEquals(ExitCode.BAD_INPUT, missing.exitCode(), missing.toString());
        CommandRun badPort = CommandRun.of("serve", "--port", "70000");
        assertEquals(ExitCode.USAGE, badPort.exitCode(), badPort.toString());
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
