package dev.mnist.core.data.download;

import dev.mnist.core.data.idx.IdxReader;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.TestHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads real MNIST files from a real HTTP server on 127.0.0.1. */
class DownloaderTest {
    /** The real test files; under the training names too, since the real training images are not here. */
    private static final Map<String, String> SERVED = Map.of(
            "train-images-idx3-ubyte.gz", Fixtures.TEST_IMAGES_GZ,
            "train-labels-idx1-ubyte.gz", Fixtures.TEST_LABELS_GZ,
            "t10k-images-idx3-ubyte.gz", Fixtures.TEST_IMAGES_GZ,
            "t10k-labels-idx1-ubyte.gz", Fixtures.TEST_LABELS_GZ);

    @TempDir
    Path dir;
    TestHttpServer server;
    DatasetSpec dataset;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestHttpServer();
        dataset = new DatasetSpec("test", List.of(), SERVED.keySet().stream().sorted().map(name -> {
            byte[] bytes = Fixtures.bytes(SERVED.get(name));
            return new RemoteFile(name, bytes.length, md5(bytes));
        }).toList(), List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void fallsThroughA404ToTheNextMirror() {
        server.route("/missing/", exchange -> TestHttpServer.send(exchange, 404, "not here".getBytes(), "text/plain"));
        server.route("/good/", this::serve);
        download(server.base("/missing/"), server.base("/good/"));
        assertAllFilesValid();
        assertEquals(4, server.requests().stream().filter(r -> r.path().startsWith("/missing/")).count());
    }

    @Test
    void resumesAfterTheConnectionDropsMidFile() {
        byte[] images = Fixtures.bytes(Fixtures.TEST_IMAGES_GZ);
        int[] calls = {0};
        server.route("/flaky/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/flaky/".length());
            if (name.equals("t10k-images-idx3-ubyte.gz") && calls[0]++ == 0) {
                // Announce the whole file, send 100 kB, then drop the connection.
                exchange.sendResponseHeaders(200, images.length);
                OutputStream out = exchange.getResponseBody();
                out.write(images, 0, 100_000);
                out.flush();
                throw new IOException("simulated drop");
            }
            serve(exchange);
        });
        download(server.base("/flaky/"));
        assertAllFilesValid();
        List<TestHttpServer.Request> imageRequests = server.requests().stream()
                .filter(r -> r.path().endsWith("t10k-images-idx3-ubyte.gz")).toList();
        assertEquals(2, imageRequests.size());
        assertEquals("bytes=100000-", imageRequests.get(1).range());
    }

    @Test
    void resumesAPartFileLeftByAnEarlierRun() throws IOException {
        byte[] images = Fixtures.bytes(Fixtures.TEST_IMAGES_GZ);
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz.part"), java.util.Arrays.copyOf(images, 500_000));
        server.route("/good/", this::serve);
        download(server.base("/good/"));
        assertAllFilesValid();
        assertTrue(server.requests().contains(new TestHttpServer.Request("/good/t10k-images-idx3-ubyte.gz", "bytes=500000-")));
        assertFalse(Files.exists(dir.resolve("t10k-images-idx3-ubyte.gz.part")));
    }

    @Test
    void rejectsCorruptedBytesAndUsesTheNextMirror() {
        server.route("/corrupt/", exchange -> {
            byte[] body = bodyFor(exchange).clone();
            body[body.length / 2] ^= 0x01;
            TestHttpServer.send(exchange, 200, body, "application/octet-stream");
        });
        server.route("/good/", this::serve);
        List<String> failures = new java.util.ArrayList<>();
        new Downloader(Duration.ofSeconds(5), new DownloadListener() {
            @Override
            public void mirrorFailed(RemoteFile file, URI source, String reason) {
                failures.add(reason);
            }
        }).download(dataset, List.of(server.base("/corrupt/"), server.base("/good/")), dir, false);
        assertAllFilesValid();
        assertEquals(4, failures.size());
        assertTrue(failures.get(0).startsWith("checksum mismatch"), failures.get(0));
    }

    @Test
    void whenEveryMirrorFailsNamesEachAndLeavesNoFile() {
        server.route("/down/", exchange -> TestHttpServer.send(exchange, 503, new byte[0], "text/plain"));
        server.route("/html/", exchange -> TestHttpServer.send(exchange, 200, "<html>login</html>".getBytes(), "text/html"));
        server.route("/loop/", exchange -> {
            exchange.getResponseHeaders().add("Location", exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(302, -1);
        });
        URI nowhere = URI.create("http://127.0.0.1:" + unusedPort() + "/x/");
        DownloadException e = assertThrows(DownloadException.class,
                () -> download(server.base("/down/"), server.base("/html/"), server.base("/loop/"), nowhere));
        String message = e.getMessage();
        assertTrue(message.startsWith("could not download t10k-images-idx3-ubyte.gz from any mirror:"), message);
        assertTrue(message.contains("/down/t10k-images-idx3-ubyte.gz: HTTP 503"), message);
        assertTrue(message.contains("/html/t10k-images-idx3-ubyte.gz: server sent an HTML page, not the file"), message);
        assertTrue(message.contains("/loop/t10k-images-idx3-ubyte.gz: more than 5 redirects"), message);
        assertTrue(message.contains(nowhere + "t10k-images-idx3-ubyte.gz: ConnectException"), message);
        assertEquals(List.of(), listing());
    }

    @Test
    void givesUpOnAStalledServerAfterTheTimeout() {
        server.route("/stall/", exchange -> {
            byte[] body = bodyFor(exchange);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body, 0, 10);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        server.route("/good/", this::serve);
        long start = System.nanoTime();
        new Downloader(Duration.ofMillis(300), DownloadListener.NONE)
                .download(dataset, List.of(server.base("/stall/"), server.base("/good/")), dir, false);
        assertAllFilesValid();
        assertTrue(System.nanoTime() - start < 4_000_000_000L * 3, "each stall must end at the timeout");
    }

    @Test
    void rejectsAServerThatSendsFewerBytesThanItsContentLength() {
        server.route("/short/", exchange -> {
            byte[] body = bodyFor(exchange);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body, 0, body.length / 2);
            throw new IOException("closing early");
        });
        DownloadException e = assertThrows(DownloadException.class, () -> download(server.base("/short/")));
        assertTrue(e.getMessage().contains("/short/t10k-images-idx3-ubyte.gz:"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("t10k-images-idx3-ubyte.gz")));
    }

    @Test
    void skipsFilesAlreadyPresentAndValid() {
        server.route("/good/", this::serve);
        download(server.base("/good/"));
        int requestsAfterFirstRun = server.requests().size();
        download(server.base("/good/"));
        assertEquals(requestsAfterFirstRun, server.requests().size());

        new Downloader(Duration.ofSeconds(5), DownloadListener.NONE).download(dataset, List.of(server.base("/good/")), dir, true);
        assertEquals(2 * requestsAfterFirstRun, server.requests().size());
    }

    @Test
    void downloadsFromAFileUrl() throws IOException {
        Path mirror = dir.resolve("mirror");
        SERVED.forEach((name, fixture) -> Fixtures.copy(fixture, mirror, name));
        Path target = dir.resolve("target");
        new Downloader(Duration.ofSeconds(5), DownloadListener.NONE).download(dataset, List.of(mirror.toUri()), target, false);
        assertArrayEquals(new int[]{10_000, 28, 28}, IdxReader.read(target.resolve("train-images-idx3-ubyte")).dims());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), Files.readAllLines(target.resolve("labels.txt")));
    }

    @Test
    void anUnwritableTargetFolderIsAClearError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        DownloadException e = assertThrows(DownloadException.class,
                () -> new Downloader(Duration.ofSeconds(5), DownloadListener.NONE).download(dataset, List.of(), file.resolve("sub"), false));
        assertTrue(e.getMessage().contains("cannot create folder"), e.getMessage());
    }

    private void download(URI... mirrors) {
        new Downloader(Duration.ofSeconds(5), DownloadListener.NONE).download(dataset, List.of(mirrors), dir, false);
    }

    private void serve(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        TestHttpServer.sendWithRanges(exchange, bodyFor(exchange));
    }

    private static byte[] bodyFor(com.sun.net.httpserver.HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return Fixtures.bytes(SERVED.get(path.substring(path.lastIndexOf('/') + 1)));
    }

    private void assertAllFilesValid() {
        for (RemoteFile file : dataset.files()) {
            assertEquals(file.md5(), Downloader.md5(dir.resolve(file.name())), file.name());
            assertTrue(IdxReader.read(dir.resolve(file.rawName())).count() == 10_000);
        }
        assertEquals(List.of(), listing().stream().filter(name -> name.endsWith(".part") || name.endsWith(".tmp")).toList());
    }

    private List<String> listing() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int unusedPort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
