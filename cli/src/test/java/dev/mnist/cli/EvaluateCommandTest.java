package dev.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mnist evaluate on a LeNet really trained on real digits, scored on 1,000 it never saw. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private static CommandRun evaluate(String... more) {
        String[] args = new String[more.length + 5];
        args[0] = "evaluate";
        args[1] = "--model";
        args[2] = TrainedModel.run().toString();
        args[3] = "--data";
        args[4] = TrainedModel.data().toString();
        System.arraycopy(more, 0, args, 5, more.length);
        return CommandRun.of(args);
    }

    @Test
    void jsonParsesAndItsAccuracyEqualsTheTextOutputs() throws IOException {
        CommandRun text = evaluate("--quiet");
        assertEquals(0, text.exitCode(), text.toString());
        Matcher accuracy = Pattern.compile("(?m)^accuracy:  (0\\.\\d{4})  \\((\\d+)/1000\\)$").matcher(text.out());
        assertTrue(accuracy.find(), text.toString());
        assertTrue(text.out().contains("confusion matrix (rows: true class, columns: predicted class)"), text.out());
        assertTrue(text.out().matches("(?s).*\\nclass +precision +recall +f1 +support\\n0 +0\\.\\d{4} .*"), text.out());
        assertTrue(text.out().contains("most confidently wrong ("), text.out());

        CommandRun json = evaluate("--json", "--errors", "3");
        assertEquals(0, json.exitCode(), json.toString());
        JsonNode report = Json.MAPPER.readTree(json.out());
        assertEquals(accuracy.group(1), String.format(Locale.ROOT, "%.4f", report.get("accuracy").asDouble()));
        assertEquals(Long.parseLong(accuracy.group(2)), report.get("correct").asLong());
        assertEquals(1000, report.get("images").asInt());
        assertEquals(10, report.get("perClass").size());
        assertEquals(10, report.get("confusion").size());
        assertEquals(3, report.get("mostConfidentlyWrong").size());
        assertTrue(report.get("mostConfidentlyWrong").get(0).get("source").asText().startsWith("#"));
        assertEquals(5, report.get("topK").asInt());
        long sum = 0;
        for (JsonNode row : report.get("confusion")) {
            for (JsonNode cell : row) {
                sum += cell.asLong();
            }
        }
        assertEquals(1000, sum);
    }

    @Test
    void theLatestReportIsKeptInTheModelsRunForTheBoardAndAReadOnlyRunIsOnlyWarnedOf() throws IOException {
        Path run = dir.resolve("runs").resolve("digits");
        Files.createDirectories(run);
        for (String file : new String[]{"model.zip", "metrics.csv", "run.json"}) {
            Files.copy(TrainedModel.run().resolve(file), run.resolve(file));
        }
        CommandRun json = CommandRun.of("evaluate", "--json", "--model", run.toString(), "--data", TrainedModel.data().toString());
        assertEquals(0, json.exitCode(), json.toString());
        Path kept = run.resolve("evaluations").resolve("model-test");
        JsonNode report = Json.MAPPER.readTree(kept.resolve("evaluation.json").toFile());
        assertEquals(Json.MAPPER.readTree(json.out()).get("accuracy").asDouble(), report.get("accuracy").asDouble());
        assertTrue(Files.size(kept.resolve("confusion.png")) > 0 && Files.size(kept.resolve("errors.png")) > 0);

        Path readOnly = dir.resolve("ro");
        Files.createDirectories(readOnly);
        for (String file : new String[]{"model.zip", "metrics.csv", "run.json"}) {
            Files.copy(TrainedModel.run().resolve(file), readOnly.resolve(file));
        }
        assertTrue(readOnly.toFile().setWritable(false));
        try {
            // As root no folder is read-only: that half runs where CI runs, as a user.
            if (!Files.isWritable(readOnly)) {
                CommandRun warned = CommandRun.of("evaluate", "--quiet", "--model", readOnly.toString(), "--data", TrainedModel.data().toString());
                assertEquals(0, warned.exitCode(), warned.toString());
                assertTrue(warned.err().contains("mnist: warning: the report is not kept in the model's run folder"), warned.toString());
            }
        } finally {
            readOnly.toFile().setWritable(true);
        }
    }

    @Test
    void reportWritesTheHeatmapErrorsAndPageBesideTheJson() throws IOException {
        Path report = dir.resolve("report");
        CommandRun run = evaluate("--json", "--errors", "6", "--report", report.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("report: " + report.resolve("index.html")), run.err());
        JsonNode json = Json.MAPPER.readTree(run.out());
        String page = Files.readString(report.resolve("index.html"));
        for (JsonNode mistake : json.get("mostConfidentlyWrong")) {
            assertTrue(page.contains("<td>" + mistake.get("source").asText() + "</td>"), mistake.toString());
        }
        assertTrue(page.contains("<td class=\"n\">" + json.get("confusion").get(1).get(1).asLong() + "</td>"));
        for (String png : new String[]{"confusion.png", "errors.png"}) {
            assertTrue(javax.imageio.ImageIO.read(report.resolve(png).toFile()) != null, png);
        }
    }

    @Test
    void minAccuracyAboveTheRealAccuracyFailsAndBelowPasses() throws IOException {
        double accuracy = Json.MAPPER.readTree(evaluate("--json").out()).get("accuracy").asDouble();
        CommandRun above = evaluate("--quiet", "--min-accuracy", String.valueOf(Math.min(1, accuracy + 0.001)));
        assertEquals(ExitCode.BELOW_MIN_ACCURACY, above.exitCode(), above.toString());
        assertTrue(above.err().contains("is below --min-accuracy"), above.toString());
        assertTrue(above.out().contains("accuracy:"), "the report is printed either way");

        CommandRun below = evaluate("--json", "--min-accuracy", String.valueOf(accuracy - 0.001));
        assertEquals(0, below.exitCode(), below.toString());
        assertTrue(Json.MAPPER.readTree(below.out()).get("passed").asBoolean());
    }

    @Test
    void evaluatesConvertedPngFoldersToTheSameAccuracyAsIdx() throws IOException {
        Path png = dir.resolve("png");
        assertEquals(0, CommandRun.of("convert", "--quiet", "--data", TrainedModel.data().toString(), "--out", png.toString())
                .exitCode());
        JsonNode fromIdx = Json.MAPPER.readTree(evaluate("--json").out());
        CommandRun run = CommandRun.of("evaluate", "--json", "--model", TrainedModel.modelZip().toString(), "--data", png.toString());
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode fromPng = Json.MAPPER.readTree(run.out());
        assertEquals("image-folders", fromPng.get("dataFormat").asText());
        assertEquals(fromIdx.get("correct"), fromPng.get("correct"));
        assertTrue(fromPng.get("mostConfidentlyWrong").get(0).get("source").asText().endsWith(".png"));
    }

    @Test
    void aFileThatIsNotAModelOrNoModelAtAllIsOneLineAndExit3() throws IOException {
        Path notModel = Files.writeString(dir.resolve("model.zip"), "hello");
        CommandRun run = CommandRun.of("evaluate", "--model", notModel.toString(), "--data", TrainedModel.data().toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.toString());
        assertEquals("mnist: error: " + notModel + ": not a model file (not a zip archive, or a truncated one)\n", run.err());

        CommandRun none = CommandRun.of("evaluate", "--model", dir.resolve("runs/latest").toString());
        assertEquals(ExitCode.BAD_INPUT, none.exitCode(), none.toString());
        assertTrue(none.err().startsWith("mnist: error: " + dir.resolve("runs/latest") + ": no such model; train one first"),
                none.toString());
    }

    @Test
    void badOptionsAreUsageErrors() {
        for (String[] args : new String[][]{{"--min-accuracy", "1.5"}, {"--split", "validation"}, {"--errors", "-1"}}) {
            CommandRun run = evaluate(args);
            assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("mnist: error: "), run.toString());
        }
    }
}
