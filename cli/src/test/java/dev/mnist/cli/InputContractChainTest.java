package dev.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.serve.ModelServer;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model's input contract carries through the whole chain with no flags: train decides the
 * preparation from the data, and classify over convert's PNGs scores what evaluate scores on the
 * IDX files, for a model of real Fashion-MNIST items (plain) and one of real MNIST digits (digit);
 * serve answers what classify answers.
 */
class InputContractChainTest {
    @TempDir
    Path dir;

    @Test
    void fashionModelIsPlainAndClassifyScoresWhatEvaluateScores() throws Exception {
        Path data = Fixtures.fashionIdxFolder(dir.resolve("fashion"), 800, 200);
        Path run = train(data);
        JsonNode runJson = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertEquals("plain", runJson.get("input").get("preparation").asText());
        assertTrue(runJson.get("preparationReason").asText().startsWith("auto: 0% "), runJson.toString());

        JsonNode classified = classifyConverted(data, run);
        assertEquals("plain", classified.get("preprocessing").asText());
        double evaluated = evaluate(data, run);
        assertEquals(evaluated, classified.get("summary").get("accuracy").asDouble(), 1e-9);
        assertTrue(evaluated > 0.5, "a Fashion model well above chance (0.1): " + evaluated);

        // serve answers the same top class as classify, file by file.
        try (Predictor predictor = Predictor.load(run)) {
            ModelServer server = new ModelServer(predictor, ImagePreparation.of(predictor.metadata().input()), "127.0.0.1", 0,
                    line -> { }).start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                JsonNode predictions = classified.get("predictions");
                for (int i = 0; i < 25; i++) {
                    JsonNode prediction = predictions.get(i);
                    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "api/classify"))
                            .header("Content-Type", "image/png")
                            .POST(HttpRequest.BodyPublishers.ofFile(Path.of(prediction.get("path").asText()))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    JsonNode served = Json.MAPPER.readTree(answer.body());
                    assertEquals("plain", served.get("preprocessing").asText());
                    assertEquals(prediction.get("top").get(0).get("class").asText(), served.get("top").get(0).get("class").asText(),
                            prediction.get("path").asText());
                }
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void mnistModelIsDigitAndClassifyScoresWhatEvaluateScores() throws Exception {
        Path data = Fixtures.splitIdxFolder(dir.resolve("mnist"), 0, 1_500, 1_500, 500);
        Path run = train(data);
        JsonNode runJson = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertEquals("digit", runJson.get("input").get("preparation").asText());

        JsonNode classified = classifyConverted(data, run);
        assertEquals("digit", classified.get("preprocessing").asText());
        double evaluated = evaluate(data, run);
        assertEquals(evaluated, classified.get("summary").get("accuracy").asDouble(), 1e-9);
        assertTrue(evaluated > 0.6, "an MNIST model well above chance (0.1): " + evaluated);
    }

    private Path train(Path data) {
        CommandRun train = CommandRun.of("train", "--data", data.toString(), "--epochs", "1", "--runs", dir.resolve("runs").toString(),
                "--run", data.getFileName().toString());
        assertEquals(0, train.exitCode(), train.toString());
        assertTrue(train.err().contains("input:    1x28x28, "), train.err());
        return dir.resolve("runs").resolve(data.getFileName().toString());
    }

    private static JsonNode classifyConverted(Path data, Path run) throws Exception {
        CommandRun convert = CommandRun.of("-q", "convert", "--data", data.toString());
        assertEquals(0, convert.exitCode(), convert.toString());
        Path list = data.resolve("png").resolve("test.txt");
        assertTrue(Files.isRegularFile(list));
        CommandRun classify = CommandRun.of("-q", "classify", "--model", run.toString(), "--json", "@" + list);
        assertEquals(0, classify.exitCode(), classify.toString());
        return Json.MAPPER.readTree(classify.out());
    }

    private static double evaluate(Path data, Path run) throws Exception {
        CommandRun evaluate = CommandRun.of("evaluate", "-q", "--model", run.toString(), "--data", data.toString(), "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.toString());
        return Json.MAPPER.readTree(evaluate.out()).get("accuracy").asDouble();
    }
}
