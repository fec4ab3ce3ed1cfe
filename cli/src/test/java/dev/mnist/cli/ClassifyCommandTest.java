package dev.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mnist classify with a LeNet really trained on real digits. */
class ClassifyCommandTest {
    @TempDir
    Path dir;

    private static CommandRun classify(String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "classify";
        args[1] = "--model";
        args[2] = TrainedModel.run().toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return CommandRun.of(args);
    }

    private Path digits(int count) {
        Path folder = dir.resolve("digits");
        for (int i = 0; i < count; i++) {
            Images.write(Images.blackOnWhite(Images.digit(TrainedModel.TEST_FROM + i), 56), "png", folder.resolve(String.format("%02d.png", i)));
        }
        return folder;
    }

    @Test
    void textShowsTheTopClassesPerImage() {
        Path folder = digits(3);
        CommandRun run = classify("--quiet", folder.toString());
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertEquals(3, lines.size(), run.toString());
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).matches(folder.resolve(String.format("%02d.png", i)) + ": \\d \\(\\d+\\.\\d%\\)  \\d \\(\\d+\\.\\d%\\)  \\d \\(\\d+\\.\\d%\\)"),
                    lines.get(i));
        }
        assertEquals("", run.err());
    }

    @Test
    void csvAndJsonAgree() throws IOException {
        Path folder = digits(4);
        CommandRun csv = classify("--csv", "--top", "2", folder.toString());
        CommandRun json = classify("--json", "--top", "2", folder.toString());
        assertEquals(0, csv.exitCode(), csv.toString());
        assertEquals(0, json.exitCode(), json.toString());
        List<String> rows = csv.out().lines().toList();
        assertEquals("path,label,status,class_1,probability_1,class_2,probability_2", rows.get(0));
        JsonNode document = Json.MAPPER.readTree(json.out());
        assertEquals(TrainedModel.modelZip().toString(), document.get("model").asText());
        assertEquals("digit", document.get("preprocessing").asText());
        JsonNode predictions = document.get("predictions");
        assertEquals(4, predictions.size());
        for (int i = 0; i < 4; i++) {
            String[] cells = rows.get(i + 1).split(",");
            JsonNode prediction = predictions.get(i);
            assertEquals(prediction.get("path").asText(), cells[0]);
            assertEquals("ok", cells[2]);
            assertEquals(prediction.get("top").get(0).get("class").asText(), cells[3]);
            assertEquals(prediction.get("top").get(0).get("probability").asDouble(), Double.parseDouble(cells[4]), 1e-6);
        }
        assertEquals(4, document.get("summary").get("classified").asInt());
    }

    @Test
    void aCorruptFileAmongGoodOnesIsSkippedWithExitCode5() throws IOException {
        Path folder = digits(2);
        Path corrupt = Files.write(folder.resolve("01b.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        CommandRun run = classify("--json", folder.toString());
        assertEquals(ExitCode.SOME_INPUTS_FAILED, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("mnist: skipped " + corrupt + ": "), run.toString());
        JsonNode document = Json.MAPPER.readTree(run.out());
        assertEquals(3, document.get("predictions").size(), "the failed image is listed too");
        JsonNode failed = document.get("predictions").get(2);
        assertEquals(corrupt.toString(), failed.get("path").asText());
        assertEquals("failed", failed.get("status").asText());
        assertTrue(failed.get("error").asText().startsWith(corrupt + ": "), failed.toString());
        assertFalse(failed.has("top"), failed.toString());
        assertEquals(1, document.get("summary").get("failed").asInt());

        CommandRun csv = classify("--csv", folder.toString());
        assertTrue(csv.out().contains("\n" + corrupt + ",,failed,,"), csv.toString());

        CommandRun onlyBad = classify(corrupt.toString());
        assertEquals(ExitCode.BAD_INPUT, onlyBad.exitCode(), onlyBad.toString());
    }

    @Test
    void aListWithLabelsReportsAccuracyAndABlankImageIsReported() throws IOException {
        Path folder = digits(3);
        java.awt.image.BufferedImage paper = new java.awt.image.BufferedImage(40, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Images.write(paper, "png", folder.resolve("blank.png"));
        StringBuilder list = new StringBuilder("# images with their labels\n");
        for (int i = 0; i < 3; i++) {
            list.append(String.format("%02d.png %d%n", i, dev.mnist.core.testing.Fixtures.testSet().label(TrainedModel.TEST_FROM + i)));
        }
        list.append("blank.png\n");
        Path listFile = Files.writeString(folder.resolve("list.txt"), list);
        CommandRun run = classify("--json", "@" + listFile);
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode document = Json.MAPPER.readTree(run.out());
        JsonNode summary = document.get("summary");
        assertEquals(3, summary.get("labelled").asInt());
        assertEquals(summary.get("correct").asDouble() / 3, summary.get("accuracy").asDouble(), 1e-12);
        assertEquals(1, summary.get("blank").asInt());
        JsonNode blank = document.get("predictions").get(3);
        assertEquals("blank", blank.get("status").asText());
        assertEquals(0, blank.get("top").size());
        assertTrue(run.err().contains("labelled"), run.toString());
    }

    @Test
    void usageErrors() {
        for (String[][] args : new String[][][]{{{"--top", "0", "x.png"}}, {{"--json", "--csv", "x.png"}}, {{}}}) {
            CommandRun run = classify(args[0]);
            assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("mnist: error: "), run.toString());
        }
    }
}
