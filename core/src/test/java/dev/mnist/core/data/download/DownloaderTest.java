package dev.mnist.core.data.download;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.idx.IdxReader;
import dev.mnist.core.io.FolderLock;
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
import java.util.ArrayList;
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
        Files.writeString(dir.resolve("t10k-images-idx3-ubyte.gz.part.from"), server.base("/good/") + "t10k-images-idx3-ubyte.gz");
        download(server.base("/good/"));
        assertAllFilesValid();
        assertTrue(server.requests().contains(new TestHttpServer.Request("/good/t10k-images-idx3-ubyte.gz", "bytes=500000-")));
        assertFalse(Files.exists(dir.resolve("t10k-images-idx3-ubyte.gz.part")));
    }

    @Test
    void aPartFileFromAnotherMirrorIsNotResumed() throws IOException {
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz.part"), new byte[500_000]);
        Files.writeString(dir.resolve("t10k-images-idx3-ubyte.gz.part.from"), "http://elsewhere.example/t10k-images-idx3-ubyte.gz");
        Files.write(dir.resolve("train-images-idx3-ubyte.gz.part"), new byte[400_000]);
        server.route("/good/", this::serve);
        download(server.base("/good/"));
        assertAllFilesValid();
        assertTrue(server.requests().stream().allMatch(r -> r.range() == null), "nothing resumed: " + server.requests());
    }

    @Test
    void aBadMirrorsBytesAreNeverResumedByTheNext() throws IOException {
        // An endless body, and a 206 that starts at the wrong byte.
        server.route("/endless/", exchange -> {
            byte[] body = bodyFor(exchange);
            exchange.sendResponseHeaders(200, 0);
            for (int i = 0; i < 3; i++) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.route("/wrong-range/", exchange -> {
            byte[] body = bodyFor(exchange);
            exchange.getResponseHeaders().add("Content-Range", "bytes 0-" + (body.length - 1) + "/" + body.length);
            exchange.sendResponseHeaders(206, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.route("/good/", this::serve);
        Path part = dir.resolve("t10k-labels-idx1-ubyte.gz.part");
        Files.write(part, java.util.Arrays.copyOf(Fixtures.bytes(Fixtures.TEST_LABELS_GZ), 1_000));
        Files.writeString(dir.resolve("t10k-labels-idx1-ubyte.gz.part.from"), server.base("/wrong-range/") + "t10k-labels-idx1-ubyte.gz");
        List<String> reasons = new ArrayList<>();
        new Downloader(Duration.ofSeconds(5), new DownloadListener() {
            @Override
            public void mirrorFailed(RemoteFile file, URI source, String reason) {
                reasons.add(file.name() + " " + reason);
            }
        }).download(dataset, List.of(server.base("/wrong-range/"), server.base("/endless/"), server.base("/good/")), dir, false);
        assertAllFilesValid();
        assertTrue(reasons.contains("t10k-labels-idx1-ubyte.gz resumed at bytes 0-4541/4542, not at byte 1000 of 4542"), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.endsWith("more bytes than the expected " + dataset.files().get(0).size())),
                reasons.toString());
        assertTrue(server.requests().stream().filter(r -> r.path().startsWith("/good/")).allMatch(r -> r.range() == null),
                "the good mirror starts from zero: " + server.requests());
    }

    @Test
    void redirectsToOtherSchemesOrMalformedAddressesFailThatMirrorOnly() {
        List<String> locations = List.of("file:///etc/passwd", "http://[broken", "jar:file:/x.jar!/y", "mailto:a@b.c");
        int[] hop = {0};
        server.route("/redirect/", exchange -> {
            exchange.getResponseHeaders().add("Location", locations.get(hop[0]++ % locations.size()));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.route("/good/", this::serve);
        List<String> reasons = failuresDownloading(Duration.ofSeconds(5), Downloader.DEFAULT_MAX_TIME, server.base("/redirect/"),
                server.base("/good/"));
        assertAllFilesValid();
        assertEquals(4, reasons.size(), reasons.toString());
        assertTrue(reasons.contains("redirect to 'file:///etc/passwd', not an HTTP(S) address"), reasons.toString());
        assertTrue(reasons.contains("redirect to 'mailto:a@b.c', not an HTTP(S) address"), reasons.toString());
        assertTrue(reasons.contains("redirect to a malformed address 'http://[broken'"), reasons.toString());
    }

    @Test
    void aMirrorThatTricklesIsGivenUpAtTheTotalDeadline() {
        server.route("/trickle/", exchange -> trickle(exchange, 256, 50));
        server.route("/good/", this::serve);
        long start = System.nanoTime();
        List<String> reasons = failuresDownloading(Duration.ofSeconds(5), Duration.ofSeconds(1), server.base("/trickle/"), server.base("/good/"));
        assertAllFilesValid();
        assertTrue(reasons.contains("still not complete after 1 s (--max-time)"), reasons.toString());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "bounded by the deadline, not the trickle");
    }

    /** Two bytes a second never reach --max-time's 600 s: under the rate floor for --timeout, the next mirror is tried. */
    @Test
    void aMirrorSlowerThanTheRateFloorIsLeftForTheNextWithinTheTimeout() {
        server.route("/slow/", exchange -> {
            if (!exchange.getRequestURI().getPath().endsWith(dataset.files().get(0).name())) {
                exchange.sendResponseHeaders(404, -1);   // one file trickles; the test need not wait out four
                exchange.close();
                return;
            }
            trickle(exchange, 2, 1000);
        });
        server.route("/good/", this::serve);
        long start = System.nanoTime();
        List<String> reasons = failuresDownloading(Duration.ofSeconds(1), Duration.ofSeconds(600), server.base("/slow/"), server.base("/good/"));
        assertAllFilesValid();
        assertTrue(reasons.contains("slower than 1024 bytes/s for 1 s (--timeout)"), reasons.toString());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "under 30 s");
    }

    /** Sends the file asked for {@code chunk} bytes at a time, {@code pauseMillis} apart, until done or the client gives up. */
    private static void trickle(com.sun.net.httpserver.HttpExchange exchange, int chunk, long pauseMillis) throws IOException {
        TestHttpServer.trickle(exchange, bodyFor(exchange), chunk, pauseMillis);
    }

    /** Downloads from the mirrors in order; returns why each mirror that failed a file failed it. */
    private List<String> failuresDownloading(Duration timeout, Duration maxTime, URI... mirrors) {
        List<String> reasons = new ArrayList<>();
        new Downloader(timeout, maxTime, new DownloadListener() {
            @Override
            public void mirrorFailed(RemoteFile file, URI source, String reason) {
                reasons.add(reason);
            }
        }).download(dataset, List.of(mirrors), dir, false);
        return reasons;
    }

    @Test
    void aTruncatedRawCopyBesideAValidGzIsWrittenAgain() throws IOException {
        server.route("/good/", this::serve);
        download(server.base("/good/"));
        Path raw = dir.resolve("t10k-images-idx3-ubyte");
        byte[] whole = Files.readAllBytes(raw);
        Files.write(raw, java.util.Arrays.copyOf(whole, 1_000));
        download(server.base("/good/"));
        assertArrayEquals(whole, Files.readAllBytes(raw));
    }

    @Test
    void aFolderHoldsOneDataSetOnly() {
        server.route("/good/", this::serve);
        download(server.base("/good/"));
        DatasetSpec other = new DatasetSpec("other", List.of(), dataset.files(), dataset.classNames());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Downloader(Duration.ofSeconds(5),
                DownloadListener.NONE).download(other, List.of(server.base("/good/")), dir, false));
        assertEquals(dir + ": holds the test data set; download other into another --dir, or add --force to replace it", e.getMessage());
        new Downloader(Duration.ofSeconds(5), DownloadListener.NONE).download(other, List.of(server.base("/good/")), dir, true);
        assertEquals("other", Downloader.heldDataset(dir));
        assertAllFilesValid();
    }

    @Test
    void rejectsCorruptedBytesAndUsesTheNextMirror() {
        server.route("/corrupt/", exchange -> {
            byte[] body = bodyFor(exchange).clone();
            body[body.length / 2] ^= 0x01;
            TestHttpServer.send(exchange, 200, body, "application/octet-stream");
        });
        server.route("/good/", this::serve);
        List<String> failures = failuresDownloading(Duration.ofSeconds(5), Downloader.DEFAULT_MAX_TIME, server.base("/corrupt/"),
                server.base("/good/"));
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
        assertEquals(List.of(FolderLock.FILE), listing(), "nothing but the lock download holds while it writes");
        Path fresh = dir.resolve("fresh");
        assertThrows(DownloadException.class, () -> new Downloader(Duration.ofSeconds(5), DownloadListener.NONE)
                .download(dataset, List.of(server.base("/down/")), fresh, false));
        assertFalse(Files.exists(fresh), "a folder the failed download made is removed");
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
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Downloader(Duration.ofSeconds(5), DownloadListener.NONE).download(dataset, List.of(), file.resolve("sub"), false));
        assertTrue(e.getMessage().contains("cannot create the folder"), e.getMessage());
        InvalidInputException onFile = assertThrows(InvalidInputException.class,
                () -> new Downloader(Duration.ofSeconds(5), DownloadListener.NONE).download(dataset, List.of(), file, false));
        assertEquals(file + ": exists and is not a folder", onFile.getMessage());
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
