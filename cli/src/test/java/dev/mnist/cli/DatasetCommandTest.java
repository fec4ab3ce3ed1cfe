package dev.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DIGITS' flow on colour photos of digits: dataset create -> dataset show -> train --data STORE -> evaluate. */
class DatasetCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void createShowTrainEvaluate() throws Exception {
        Path photos = Fixtures.colourClassFolders(dir.resolve("photos"), new int[]{0, 1, 7}, 50, 40);
        Path store = dir.resolve("store");
        CommandRun create = CommandRun.of("dataset", "create", "--data", photos.toString(), "--out", store.toString(),
                "--image-size", "32", "--channels", "3", "--resize", "crop", "--test-percent", "20", "--json");
        assertEquals(0, create.exitCode(), create.toString());
        JsonNode manifest = JSON.readTree(create.out());
        assertEquals("crop", manifest.get("resize").asText());
        // per class: 10 test, 13 validation (25% of 50, rounded), 27 training
        assertEquals(81, manifest.at("/splits/train/count").asInt());
        assertEquals(39, manifest.at("/splits/val/count").asInt());
        assertEquals(30, manifest.at("/splits/test/count").asInt());

        Path samples = dir.resolve("samples.png");
        CommandRun show = CommandRun.of("dataset", "show", store.toString(), "--json", "--per-class", "4", "--samples", samples.toString());
        assertEquals(0, show.exitCode(), show.toString());
        JsonNode shown = JSON.readTree(show.out());
        assertEquals("[\"digit-0\",\"digit-1\",\"digit-7\"]", shown.get("classNames").toString());
        assertTrue(Files.size(Path.of(shown.get("samples").asText())) > 0);
        assertEquals(samples.toString(), shown.get("samples").asText());
        // Read-only: show writes nothing into the store.
        java.util.Set<Path> before;
        try (var files = Files.list(store)) {
            before = files.collect(java.util.stream.Collectors.toSet());
        }
        store.toFile().setWritable(false);
        try {
            CommandRun table = CommandRun.of("dataset", "show", store.toString());
            assertEquals(0, table.exitCode(), table.toString());
            assertTrue(table.out().contains("digit-7       27       13       10\n"), table.toString());
            CommandRun json = CommandRun.of("dataset", "show", store.toString(), "--json");
            assertEquals(0, json.exitCode(), json.toString());
        } finally {
            store.toFile().setWritable(true);
        }
        try (var files = Files.list(store)) {
            assertEquals(before, files.collect(java.util.stream.Collectors.toSet()));
        }

        Path runs = dir.resolve("runs");
        CommandRun train = CommandRun.of("train", "--data", store.toString(), "--epochs", "1", "--runs", runs.toString(), "--run", "s");
        assertEquals(0, train.exitCode(), train.toString());
        assertTrue(train.err().contains("(store): 81 training, 39 validation images, 3 classes"), train.toString());
        assertTrue(train.err().contains("input:    3x32x32, plain preparation, crop resize, unit scaling"), train.toString());

        CommandRun evaluate = CommandRun.of("evaluate", "--model", runs.resolve("s").toString(), "--data", store.toString(), "--json");
        assertEquals(0, evaluate.exitCode(), evaluate.toString());
        assertEquals(30, JSON.readTree(evaluate.out()).get("images").asInt());
    }

    @Test
    void mistakesAreOneLineErrors() {
        Path photos = Fixtures.colourClassFolders(dir.resolve("photos"), new int[]{0, 1}, 4, 20);
        String out = dir.resolve("store").toString();
        String[][] usage = {{"--data", photos.toString()}, {"--data", photos.toString(), "--out", out, "--resize", "stretch"},
                {"--data", photos.toString(), "--out", out, "--image-size", "0"},
                {"--data", photos.toString(), "--out", out, "--image-size", "20x"},
                {"--data", photos.toString(), "--out", out, "--val-percent", "60", "--test-percent", "40"},
                {"--data", photos.toString(), "--out", out, "--channels", "3", "--prepare", "digit"}};
        for (String[] args : usage) {
            CommandRun run = CommandRun.of(concat(new String[]{"dataset", "create"}, args));
            assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("mnist: error: "), run.toString());
        }
        CommandRun missing = CommandRun.of("dataset", "create", "--data", dir.resolve("nowhere").toString(), "--out", out);
        assertEquals(ExitCode.BAD_INPUT, missing.exitCode(), missing.toString());
        assertEquals("mnist: error: " + dir.resolve("nowhere") + ": no such folder\n", missing.err());
        assertFalse(Files.exists(dir.resolve("store")));

        CommandRun notStore = CommandRun.of("dataset", "show", photos.toString());
        assertEquals(ExitCode.BAD_INPUT, notStore.exitCode(), notStore.toString());
        assertTrue(notStore.err().contains("not a data set store"), notStore.toString());

        assertEquals(0, CommandRun.of("dataset", "create", "--quiet", "--data", photos.toString(), "--out", out, "--image-size", "20")
                .exitCode());
        CommandRun wrongSize = CommandRun.of("train", "--data", out, "--image-size", "28", "--runs", dir.resolve("runs").toString());
        assertEquals(ExitCode.BAD_INPUT, wrongSize.exitCode(), wrongSize.toString());
        assertTrue(wrongSize.err().contains("the store's images are 1x20x20; this needs 1x28x28"), wrongSize.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
