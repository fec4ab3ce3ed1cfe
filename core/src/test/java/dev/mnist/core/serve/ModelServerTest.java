package dev.mnist.core.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.Classifier;
import dev.mnist.core.infer.ClassifyInput;
import dev.mnist.core.io.Json;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP API over real HTTP on 127.0.0.1, with a LeNet really trained on real digits. */
class ModelServerTest {
    /** Test digits the model never saw in training. */
    private static final int FIRST_UNSEEN = TrainedModel.TEST_FROM;

    static ServerFixture fixture;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        fixture = new ServerFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** What the batch path of {@code mnist classify} answers for a file: its top classes. */
    private static List<Classification.Guess> classifyFile(Path file, int top) {
        Classifier classifier = new Classifier(fixture.predictor,
                ImagePreparation.of(fixture.predictor.metadata().input()), top, 256);
        List<Classification> results = new ArrayList<>();
        classifier.classify(List.of(new ClassifyInput(file, ClassifyInput.NO_LABEL)).iterator(), results::add);
        return results.get(0).top();
    }

    private static void assertSameGuesses(List<Classification.Guess> expected, JsonNode top) {
        assertEquals(expected.size(), top.size(), top.toString());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).className(), top.get(i).get("class").asText());
            assertEquals(expected.get(i).index(), top.get(i).get("index").asInt());
            assertEquals(expected.get(i).probability(), top.get(i).get("probability").asDouble(), 0.0);
        }
    }

    private static byte[] pixelsJson(byte[] gray, int width) throws Exception {
        int[][] rows = new int[gray.length / width][width];
        for (int i = 0; i < gray.length; i++) {
            rows[i / width][i % width] = gray[i] & 0xFF;
        }
        return Json.MAPPER.writeValueAsBytes(java.util.Map.of("pixels", rows));
    }

    @Test
    void aPngGetsTheAnswerClassifyGivesForTheSameFile() {
        for (int i = 0; i < 5; i++) {
            Path png = Images.write(Images.blackOnWhite(Images.digit(FIRST_UNSEEN + i), 120), "png", dir.resolve(i + ".png"));
            ServerFixture.Answer answer = fixture.post("/api/classify?top=4", "image/png", read(png));
            assertEquals(200, answer.status(), answer.body());
            assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
            JsonNode json = answer.json();
            assertEquals("ok", json.get("status").asText());
            assertEquals("digit", json.get("preprocessing").asText());
            assertSameGuesses(classifyFile(png, 4), json.get("top"));
        }
    }

    @Test
    void aJpegGetsTheAnswerClassifyGivesForTheSameFile() {
        Path jpeg = Images.write(Images.blackOnWhite(Images.digit(FIRST_UNSEEN + 7), 200), "jpg", dir.resolve("d.jpg"));
        ServerFixture.Answer answer = fixture.post("/api/classify", "image/jpeg", read(jpeg));
        assertEquals(200, answer.status(), answer.body());
        assertSameGuesses(classifyFile(jpeg, 3), answer.json().get("top"));
    }

    @Test
    void jsonPixelsGetTheAnswerOfAGrayPngOfThem() throws Exception {
        for (int i = 10; i < 14; i++) {
            byte[] pixels = Images.digitPixels(FIRST_UNSEEN + i);
            Path png = Images.write(Images.digit(FIRST_UNSEEN + i), "png", dir.resolve(i + ".png"));
            ServerFixture.Answer answer = fixture.post("/api/classify?top=10", "application/json", pixelsJson(pixels, 28));
            assertEquals(200, answer.status(), answer.body());
            assertSameGuesses(classifyFile(png, 10), answer.json().get("top"));
        }
        ServerFixture.Answer bareArray = fixture.post("/api/classify", "application/json; charset=utf-8",
                Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree(pixelsJson(Images.digitPixels(FIRST_UNSEEN), 28)).get("pixels")));
        assertEquals(200, bareArray.status(), bareArray.body());
    }

    @Test
    void theAnswerShowsTheInputTheModelSaw() {
        byte[] png = Images.encode(Images.digit(FIRST_UNSEEN + 3), "png");
        JsonNode input = fixture.post("/api/classify", "image/png", png).json().get("input");
        assertEquals(28, input.get("width").asInt());
        String dataUrl = input.get("png").asText();
        assertTrue(dataUrl.startsWith("data:image/png;base64,"), dataUrl);
        BufferedImage seen = Images.read(Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1)));
        byte[] seenPixels = new byte[784];
        seen.getRaster().getDataElements(0, 0, 28, 28, seenPixels);
        byte[] prepared = ImagePreparation.of(fixture.predictor.metadata().input())
                .prepare(Images.digit(FIRST_UNSEEN + 3)).pixels();
        assertArrayEquals(prepared, seenPixels);
    }

    @Test
    void aBlankImageIsBlankWithNoClasses() throws Exception {
        JsonNode json = fixture.post("/api/classify", "application/json", pixelsJson(new byte[784], 28)).json();
        assertEquals("blank", json.get("status").asText());
        assertEquals(0, json.get("top").size());
    }

    /** The response to a POST that declares {@code length} bytes of body and sends none: status line to body. */
    private static String declaredOnly(long length) {
        int port = fixture.uri("/").getPort();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("POST /api/classify HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: image/png\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream response = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while (!response.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains("}") && (read = in.read(buffer)) > 0) {
                response.write(buffer, 0, read);
            }
            return response.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void bodiesOverFiveMegabytesAreRefusedWith413AndTheServerGoesOn() {
        byte[] big = new byte[(int) ModelServer.MAX_BODY_BYTES + 1];
        // Refused from the declared length alone, before any of the body is sent: a client that sent it
        // anyway could see the connection closed under it instead of the answer (a race, not the server's).
        String declared = declaredOnly(big.length);
        assertTrue(declared.startsWith("HTTP/1.1 413"), declared);
        assertTrue(declared.contains("5 MB"), declared);
        // Without a Content-Length (chunked), the limit is hit while reading.
        Supplier<java.io.InputStream> stream = () -> new java.io.ByteArrayInputStream(big);
        ServerFixture.Answer chunked = fixture.send(HttpRequest.newBuilder(fixture.uri("/api/classify"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofInputStream(stream)));
        assertEquals(413, chunked.status(), chunked.body());
        assertEquals(200, fixture.get("/healthz").status());
    }

    @Test
    void badBodiesGet400WithAJsonError() {
        String[][] cases = {
                {"image/png", "this is not a png", "not an image"},
                {"application/octet-stream", "", "empty body"},
                {"application/json", "{\"pixels\": ", "not valid JSON"},
                {"application/json", "{\"image\": []}", "{\"pixels\""},
                {"application/json", "[[1, 2], [3]]", "row 1"},
                {"application/json", "[[1, 256]]", "pixels[0][1] is 256"},
                {"application/json", "[[1, \"x\"]]", "pixels[0][1]"},
                {"application/json", "{\"pixels\": [[1, 2]]} xyz", "not valid JSON"},
                {"application/json", "[1, 2]", "pixels must be rows"},
        };
        for (String[] c : cases) {
            ServerFixture.Answer answer = fixture.post("/api/classify", c[0], c[1].getBytes());
            assertEquals(400, answer.status(), c[1] + " -> " + answer.body());
            assertEquals(400, answer.json().get("status").asInt());
            assertTrue(answer.json().get("error").asText().contains(c[2]), answer.body());
        }
        ServerFixture.Answer truncated = fixture.post("/api/classify", "image/png",
                java.util.Arrays.copyOf(Images.encode(Images.digit(0), "png"), 60));
        assertEquals(400, truncated.status(), truncated.body());
        byte[] jpeg = Images.encode(Images.blackOnWhite(Images.digit(0), 200), "jpg");
        ServerFixture.Answer cutJpeg = fixture.post("/api/classify", "image/jpeg", java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        assertEquals(400, cutJpeg.status(), cutJpeg.body());
        assertTrue(cutJpeg.json().get("error").asText().contains("broken image"), cutJpeg.body());
        ServerFixture.Answer badTop = fixture.post("/api/classify?top=0", "image/png", Images.encode(Images.digit(0), "png"));
        assertEquals(400, badTop.status());
        ServerFixture.Answer form = fixture.post("/api/classify", "multipart/form-data; boundary=x", "--x--".getBytes());
        assertEquals(415, form.status());
    }

    @Test
    void wrongMethodsAndPathsGetJsonErrors() {
        ServerFixture.Answer get = fixture.get("/api/classify");
        assertEquals(405, get.status());
        assertEquals("POST", get.allow());
        assertTrue(get.json().get("error").asText().contains("use POST"));
        ServerFixture.Answer post = fixture.post("/api/model", "application/json", "{}".getBytes());
        assertEquals(405, post.status());
        assertEquals("GET", post.allow());
        ServerFixture.Answer missing = fixture.get("/api/nothing");
        assertEquals(404, missing.status());
        assertEquals(404, missing.json().get("status").asInt());
    }

    @Test
    void modelInfoHasClassesShapeAndTheRunsMetrics() {
        JsonNode model = fixture.get("/api/model").json();
        assertEquals(fixture.predictor.metadata().classNames().size(), model.get("classNames").size());
        assertEquals(28, model.get("inputShape").get("height").asInt());
        assertEquals(fixture.predictor.metadata().epoch(), model.get("epoch").asInt());
        JsonNode epochs = model.get("training").get("epochs");
        var metrics = new RunFolder(TrainedModel.run()).metrics();
        assertEquals(metrics.size(), epochs.size());
        assertEquals(metrics.get(metrics.size() - 1).valAccuracy(), epochs.get(epochs.size() - 1).get("valAccuracy").asDouble(), 1e-9);
        assertEquals("{\"status\":\"ok\"}", fixture.get("/healthz").body());
    }

    @Test
    void thePageIsSelfContained() {
        ServerFixture.Answer page = fixture.get("/");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.body().contains("<canvas id=\"pad\""));
        assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "no resource fetched from elsewhere");
    }

    @Test
    void concurrentRequestsGetTheAnswersTheyGetAlone() throws Exception {
        int images = 16;
        byte[][] bodies = new byte[images][];
        String[] alone = new String[images];
        for (int i = 0; i < images; i++) {
            bodies[i] = Images.encode(Images.blackOnWhite(Images.digit(FIRST_UNSEEN + 100 + i), 64), "png");
            alone[i] = fixture.post("/api/classify?top=10", "image/png", bodies[i]).json().get("top").toString();
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < images; i++) {
                    byte[] body = bodies[i];
                    answers.add(pool.submit(() -> fixture.post("/api/classify?top=10", "image/png", body).json().get("top").toString()));
                }
            }
            for (int k = 0; k < answers.size(); k++) {
                assertEquals(alone[k % images], answers.get(k).get(), "request " + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachRequestIsLoggedOnOneLine() throws InterruptedException {
        fixture.get("/healthz?probe=1");
        String expected = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} 127\\.0\\.0\\.1 GET /healthz\\?probe=1 200 15B [\\d.]+ms";
        // The line is written once the response is complete, which may be just after the client has it.
        for (int wait = 0; wait < 100 && fixture.log.stream().noneMatch(line -> line.matches(expected)); wait++) {
            Thread.sleep(20);
        }
        assertTrue(fixture.log.stream().anyMatch(line -> line.matches(expected)), String.join("\n", fixture.log));
    }

    @Test
    void aPortInUseIsAOneLineError() {
        int taken = fixture.server.uri().getPort();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ModelServer(fixture.predictor,
                ImagePreparation.of(fixture.predictor.metadata().input()), "127.0.0.1", taken, line -> { }).start());
        assertTrue(e.getMessage().startsWith("127.0.0.1:" + taken + ": cannot listen"), e.getMessage());
    }

    private static byte[] read(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
