package dev.mnist.core.board;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.io.Json;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.StepRecord;
import dev.mnist.core.sweep.Sweep;
import dev.mnist.core.sweep.SweepCurves;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The board's API over real HTTP, on a copy of a really trained run and its data. */
class BoardTest {
    @TempDir
    Path dir;
    Path runs;
    Board board;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        runs = Files.createDirectories(dir.resolve("runs"));
        copy(TrainedModel.run(), runs.resolve("digits"));
        board = new Board(List.of(runs), List.of(), "127.0.0.1", 0, List.of(), line -> { }).start();
    }

    @AfterEach
    void stop() {
        board.stop();
    }

    /** A run whose name needs escaping in a URL (a space, a non-ASCII letter) is found under its escaped name. */
    @Test
    void runsWithSpacesOrAccentsInTheirNamesAreReachable() throws Exception {
        copy(TrainedModel.run(), runs.resolve("my run ü"));
        assertEquals("my run ü", json("/api/runs/my%20run%20%C3%BC").get("summary").get("name").asText());
        assertEquals(200, get("/classify/my%20run%20%C3%BC/").statusCode());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(board.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertEquals(200, response.statusCode(), path + ": " + new String(response.body(), StandardCharsets.UTF_8));
        return Json.MAPPER.readTree(response.body());
    }

    private JsonNode row(String name) throws Exception {
        for (JsonNode run : json("/api/runs").get("runs")) {
            if (run.get("name").asText().equals(name)) {
                return run;
            }
        }
        throw new AssertionError("no run " + name);
    }

    /** Every file under a folder with its size and modification time. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path file : all.toList()) {
                files.put(root.relativize(file).toString(), Files.isDirectory(file) ? "dir"
                        : Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis());
            }
        }
        return files;
    }

    @Test
    void showsARunItsDataAndItsModelAndWritesNothing() throws Exception {
        Map<String, String> runsBefore = snapshot(runs);
        Map<String, String> dataBefore = snapshot(TrainedModel.data());

        JsonNode row = row("digits");
        RunFolder folder = new RunFolder(runs.resolve("digits"));
        assertEquals("finished", row.get("state").asText());
        assertEquals("lenet", row.get("network").asText());
        assertEquals(folder.metrics().size(), row.get("epochsDone").asInt());
        assertEquals(folder.metrics().stream().mapToDouble(m -> m.valAccuracy()).max().orElseThrow(),
                row.get("bestValAccuracy").asDouble(), 1e-12);

        JsonNode details = json("/api/runs/digits");
        assertEquals(folder.checkpoints().size(), details.get("checkpoints").size());
        assertTrue(details.get("commands").get("evaluate").asText().startsWith("mnist evaluate --model "), details.get("commands").toString());
        assertTrue(details.get("commands").get("resume").isNull(), "a finished run has nothing to resume");
        assertEquals(folder.metrics().size(), details.get("epochs").size());

        JsonNode steps = json("/api/runs/digits/steps");
        assertEquals(Files.readAllLines(folder.steps()).size() - 1, steps.get("total").asInt());
        assertTrue(steps.get("total").asInt() > 50, steps.get("total").toString());
        assertEquals(200, get("/api/runs/digits/files/curves.png").statusCode());

        String dataset = row.get("dataset").asText();
        JsonNode data = json("/api/datasets/" + dataset);
        assertEquals(TrainedModel.TRAIN_IMAGES, sum(data.get("splits").get("train")));
        assertEquals(TrainedModel.TEST_IMAGES, sum(data.get("splits").get("test")));
        assertEquals("image/png", get("/api/datasets/" + dataset + "/mean.png").headers().firstValue("content-type").orElse(""));
        assertEquals(200, get("/api/datasets/" + dataset + "/samples.png").statusCode());

        assertEquals(200, get("/classify/digits/").statusCode());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(board.uri().resolve("/classify/digits/api/classify"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(Images.encode(Images.digit(0), "png")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("ok", Json.MAPPER.readTree(answer.body()).get("status").asText());

        assertEquals(runsBefore, snapshot(runs), "the board wrote into a run folder");
        assertEquals(dataBefore, snapshot(TrainedModel.data()), "the board wrote into a data folder");
    }

    private static int sum(JsonNode counts) {
        int sum = 0;
        for (JsonNode count : counts) {
            sum += count.asInt();
        }
        return sum;
    }

    @Test
    void aSweepsTrialsAreListedUnderItsName() throws Exception {
        Path sweep = Files.createDirectories(runs.resolve("rates"));
        copy(TrainedModel.run(), sweep.resolve("01-lr0.001"));
        copy(TrainedModel.run(), sweep.resolve("02-lr0.01"));
        Sweep.of("rates", List.of("--epochs", "1"), Map.of("--lr", List.of("0.001", "0.01", "0.1"))).write(sweep);
        assertEquals("finished", row("rates:01-lr0.001").get("state").asText());
        assertEquals("finished", row("rates:02-lr0.01").get("state").asText());
        assertEquals(200, get("/api/runs/rates%3A02-lr0.01").statusCode());
        assertEquals(200, get("/api/runs/rates%3A02-lr0.01/steps").statusCode());

        JsonNode listed = json("/api/sweeps").get("sweeps");
        assertEquals(1, listed.size(), listed.toString());
        assertEquals("rates", listed.get(0).get("name").asText());
        assertEquals(3, listed.get(0).get("trials").asInt());
        assertEquals(2, listed.get(0).get("states").get("finished").asInt(), listed.toString());
        assertEquals(1, listed.get(0).get("states").get("not run").asInt(), listed.toString());
        double best = json("/api/runs/rates%3A01-lr0.001").get("summary").get("bestValAccuracy").asDouble();
        assertEquals(best, listed.get(0).get("bestValAccuracy").asDouble(), 0);

        JsonNode page = json("/api/sweeps/rates");
        JsonNode rows = page.get("leaderboard").get("rows");
        assertEquals(3, rows.size(), page.toString());
        assertEquals("rates:02-lr0.01", page.get("runs").get("02-lr0.01").asText(), "each trial names its listed run");
        assertTrue(page.get("runs").get("03-lr0.1") == null, "a trial not run has no run");
        assertEquals(List.of("--epochs", "1"), List.of(page.get("trainArgs").get(0).asText(), page.get("trainArgs").get(1).asText()));
        assertEquals(404, get("/api/sweeps/rates/curves.png").statusCode(), "no curves yet");
        SweepCurves.write(sweep, Sweep.read(sweep));
        HttpResponse<byte[]> curves = get("/api/sweeps/rates/curves.png");
        assertEquals(200, curves.statusCode());
        assertEquals("image/png", curves.headers().firstValue("content-type").orElse(""));
        assertEquals(404, get("/api/sweeps/nosuch").statusCode());

        Files.writeString(sweep.resolve(Sweep.FILE), "{\"name\": ");
        Thread.sleep(250);   // past the listing's memo
        JsonNode broken = json("/api/sweeps").get("sweeps").get(0);
        assertTrue(broken.get("failure").asText().contains(Sweep.FILE), broken.toString());
        assertTrue(json("/api/sweeps/rates").has("failure"), "a broken sweep.json is the sweep's reason, not an error");
    }

    @Test
    void brokenOrHalfWrittenFilesMakeARunUnreadableWithTheReasonNeverAnError() throws Exception {
        copy(TrainedModel.run(), runs.resolve("half"));
        Files.writeString(runs.resolve("half").resolve(RunFolder.METRICS), "epoch,train_loss,val_loss\n1,0.5,");
        copy(TrainedModel.run(), runs.resolve("badstate"));
        Files.writeString(runs.resolve("badstate").resolve(RunFolder.STATE), "{\"status\": \"runn");
        Files.createDirectories(runs.resolve("empty").resolve(RunFolder.CHECKPOINTS));
        copy(TrainedModel.run(), runs.resolve("nostatus"));
        Files.writeString(runs.resolve("nostatus").resolve(RunFolder.STATE), "{\"status\": null, \"heartbeat\": \"yesterday\"}");

        for (String name : List.of("half", "badstate", "empty", "nostatus")) {
            JsonNode row = row(name);
            assertEquals("unreadable", row.get("state").asText(), name);
            assertTrue(!row.get("reason").asText().isBlank(), name);
            assertEquals("unreadable", json("/api/runs/" + name).get("summary").get("state").asText());
            HttpResponse<byte[]> steps = get("/api/runs/" + name + "/steps");
            assertEquals(404, steps.statusCode());
            assertTrue(new String(steps.body(), StandardCharsets.UTF_8).startsWith("{\"error\":"));
        }
        assertTrue(row("half").get("reason").asText().contains(RunFolder.METRICS), row("half").toString());
        assertTrue(row("badstate").get("reason").asText().contains(RunFolder.STATE), row("badstate").toString());
        assertEquals("finished", row("digits").get("state").asText(), "the others are listed as before");
    }

    @Test
    void runsAreAddressedByTheirNameOnlyAndOtherHostsAreRefused() throws Exception {
        for (String path : List.of("/api/runs/..%2F..%2Fetc", "/api/runs/digits/files/run.json", "/api/runs/digits/files/..%2Frun.json",
                "/api/runs/digits/files/model.zip", "/api/runs/nope", "/api/runs/%2e%2e/files/curves.png", "/classify/nope/api/model")) {
            HttpResponse<byte[]> response = get(path);
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, path + " answered " + response.statusCode());
        }
        assertEquals(404, get("/api/runs/nope").statusCode());
        assertEquals(404, get("/api/runs/nope/events").statusCode());
        assertEquals(400, get("/api/runs/digits/events?after=x").statusCode());
        try (Socket socket = new Socket("127.0.0.1", board.uri().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/runs HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
        }
    }

    @Test
    void scoresARunDoesNotHaveAreNullNotNaN() throws Exception {
        Path run = runs.resolve("noval");
        copy(TrainedModel.run(), run);
        Files.writeString(run.resolve(RunFolder.METRICS), EpochMetrics.CSV_HEADER + "\n"
                + new EpochMetrics(1, 0.5, Double.NaN, Double.NaN, 0.001, 1.0, 100).csv() + "\n");
        JsonNode epoch = json("/api/runs/noval").get("epochs").get(0);
        assertTrue(epoch.get("valLoss").isNull() && epoch.get("valAccuracy").isNull(), epoch.toString());
        assertEquals(0.5, epoch.get("trainLoss").asDouble());
        assertTrue(row("noval").get("bestValAccuracy").isNull());
    }

    @Test
    void aRunOfManyRecordsIsSentDownsampledWithItsLowestAndHighestLossKept() throws Exception {
        Path big = runs.resolve("big");
        copy(TrainedModel.run(), big);
        int count = 300_000;
        try (BufferedWriter out = Files.newBufferedWriter(big.resolve(RunFolder.STEPS))) {
            out.write(StepRecord.CSV_HEADER + "\n");
            for (int i = 1; i <= count; i++) {
                double loss = i == 123_456 ? 1e-4 : i == 234_567 ? 50 : 1 + 0.5 * Math.sin(i / 1000.0);
                out.write(new StepRecord(i, i / 1000.0, loss, 0.001, 1000, 1.7e9 + i).csv() + "\n");
            }
        }
        JsonNode steps = json("/api/runs/big/steps?max=2000");
        assertEquals(count, steps.get("total").asInt());
        assertTrue(steps.get("step").size() <= 2000 && steps.get("step").size() > 1000, steps.get("step").size() + " points");
        List<Double> losses = Json.MAPPER.convertValue(steps.get("loss"), Json.MAPPER.getTypeFactory()
                .constructCollectionType(List.class, Double.class));
        assertEquals(1e-4, losses.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), 1e-9);
        assertEquals(50, losses.stream().mapToDouble(Double::doubleValue).max().orElseThrow(), 1e-9);
        long previous = 0;
        for (JsonNode step : steps.get("step")) {
            assertTrue(step.asLong() > previous, "in order");
            previous = step.asLong();
        }
    }

    @Test
    void aRunPageIsPushedTheRecordsAppendedWhileItIsOpen() throws Exception {
        RunFolder folder = new RunFolder(runs.resolve("digits"));
        long last = json("/api/runs/digits/steps?max=100000").get("step").get(json("/api/runs/digits/steps").get("step").size() - 1).asLong();
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(board.uri().resolve("/api/runs/digits/events?after=" + last))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("content-type").orElse(""));
        Files.writeString(folder.steps(), new StepRecord(last + 1, 9.5, 0.125, 0.001, 999, 1.8e9).csv() + "\n", StandardOpenOption.APPEND);
        CompletableFuture<String> pushed = CompletableFuture.supplyAsync(() -> {
            String event = null;
            for (String line : (Iterable<String>) stream.body()::iterator) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && "steps".equals(event)) {
                    return line.substring(6);
                }
            }
            return null;
        });
        JsonNode steps = Json.MAPPER.readTree(pushed.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(last + 1), List.of(steps.get("step").get(0).asLong()));
        assertEquals(0.125, steps.get("loss").get(0).asDouble(), 1e-9);
        stream.body().close();
    }
}
