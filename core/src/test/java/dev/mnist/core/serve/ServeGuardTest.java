package dev.mnist.core.serve;

import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a hostile client or web page could do to {@code mnist serve}, over real sockets on 127.0.0.1. */
class ServeGuardTest {
    static ServerFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new ServerFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** One request written by hand (any Host, Origin or type), and the response's status line, headers and body. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readResponse(socket.getInputStream());
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            response.write(buffer, 0, n);
            String text = response.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                int length = text.toLowerCase().contains("content-length: ")
                        ? Integer.parseInt(text.toLowerCase().split("content-length: ")[1].split("\r\n")[0].trim()) : 0;
                if (text.length() >= end + 4 + length) {
                    return text;
                }
            }
        }
        return response.toString(StandardCharsets.ISO_8859_1);
    }

    private static int port() {
        return fixture.server.uri().getPort();
    }

    private static String get(String host) throws IOException {
        return exchange(port(), "GET /api/model HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private static String post(String headers, byte[] body) throws IOException {
        return exchange(port(), "POST /api/classify HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n" + headers
                + "Content-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1));
    }

    /** A client that closes its connection halfway through its upload is logged as such, not as an error of the server's. */
    @Test
    void aClientThatHangsUpMidBodyIsLoggedAsSuch() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.getOutputStream().write(("POST /api/classify HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nContent-Type: image/png\r\n"
                    + "Content-Length: 100000\r\n\r\n" + "x".repeat(1000)).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Thread.sleep(200);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fixture.log.stream().noneMatch(line -> line.contains("hung up")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(fixture.log.stream().anyMatch(line -> line.contains("POST /api/classify client hung up after 1000B of its body")),
                String.join("\n", fixture.log));
    }

    @Test
    void slowClientsHoldNoThreadAndGet408AfterTheDeadline() throws IOException {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket socket = new Socket("127.0.0.1", port());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/classify HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nContent-Type: image/png\r\n"
                        + "Content-Length: 1000\r\n\r\nx").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            long start = System.nanoTime();
            ServerFixture.Answer health = fixture.get("/healthz");
            assertEquals(200, health.status());
            ServerFixture.Answer classified = fixture.post("/api/classify", "image/png", Images.encode(Images.digit(0), "png"));
            assertEquals(200, classified.status(), classified.body());
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "answered at once with 40 slow clients connected");

            Socket first = slow.get(0);
            first.setSoTimeout(20_000);
            String timedOut = readResponse(first.getInputStream());
            assertTrue(timedOut.startsWith("HTTP/1.1 408 "), timedOut);
            assertTrue(timedOut.contains("did not arrive within " + dev.mnist.core.web.Endpoint.BODY_SECONDS + " s"), timedOut);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void otherHostNamesAreRefusedUnlessAllowed() throws IOException {
        assertTrue(get("127.0.0.1:" + port()).startsWith("HTTP/1.1 200 "));
        assertTrue(get("localhost:" + port()).startsWith("HTTP/1.1 200 "));
        String rebound = get("attacker.example:" + port());
        assertTrue(rebound.startsWith("HTTP/1.1 403 "), rebound);
        assertTrue(rebound.contains("Host 'attacker.example' is not this server's name; start it with --allow-host attacker.example"),
                rebound);
        assertFalse(rebound.contains(TrainedModel.run().toString()), "no path leaks");

        try (Predictor predictor = Predictor.load(TrainedModel.run());
             ModelServer allowing = new ModelServer(predictor, ImagePreparation.of(predictor.metadata().input()), "127.0.0.1", 0,
                     List.of("digits.lan"), line -> { }).start()) {
            String allowed = exchange(allowing.uri().getPort(), "GET /healthz HTTP/1.1\r\nHost: digits.lan\r\nConnection: close\r\n\r\n");
            assertTrue(allowed.startsWith("HTTP/1.1 200 "), allowed);
        }
    }

    @Test
    void crossOriginAndFormPostsAreRefused() throws IOException {
        byte[] png = Images.encode(Images.digit(0), "png");
        String other = post("Origin: http://attacker.example\r\nContent-Type: image/png\r\n", png);
        assertTrue(other.startsWith("HTTP/1.1 403 ") && other.contains("requests from other origins"), other);
        String same = post("Origin: http://127.0.0.1:" + port() + "\r\nContent-Type: image/png\r\n", png);
        assertTrue(same.startsWith("HTTP/1.1 200 "), same);
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
            String simple = post("Content-Type: " + type + "\r\n", png);
            assertTrue(simple.startsWith("HTTP/1.1 415 ") && simple.contains("Content-Type: image/png"), simple);
        }
        String untyped = post("", png);
        assertTrue(untyped.startsWith("HTTP/1.1 415 "), untyped);
    }

    @Test
    void anImageDeclaringHugeDimensionsIsRefusedBeforeDecoding() throws IOException {
        String answer = post("Content-Type: image/png\r\n", pngHeader(7071, 7071));
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("an image of 49,999,041 pixels is over the limit of 16 megapixels"), answer);
    }

    /** A header PNG does not allow is unreadable (400), whatever size it declares: not over the limit (413). */
    @Test
    void aBrokenHeaderIsUnreadableWhateverSizeItDeclares() throws IOException {
        byte[] depth7 = pngHeader(5000, 5000);
        depth7[24] = 7;
        for (byte[] header : List.of(depth7, pngHeader(0x80000000, 1), pngHeader(0xFFFFFFFF, 2), pngHeader(0xFFFFFFFF, 0xFFFFFFFF))) {
            String answer = post("Content-Type: image/png\r\n", header);
            assertTrue(answer.startsWith("HTTP/1.1 400 ") && answer.contains("unreadable image"), answer);
        }
    }

    @Test
    void noServerVersionIsSent() throws IOException {
        String answer = get("127.0.0.1:" + port());
        assertFalse(answer.toLowerCase().contains("\r\nserver:"), answer);
        assertFalse(answer.toLowerCase().contains("jetty"), answer);
    }

    /** The first 33 bytes of a PNG: its signature and a header chunk declaring the size; no pixels at all. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer chunk = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(chunk.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4).put(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
                .putInt(13).put(chunk.array()).putInt((int) crc.getValue()).array();
    }
}
