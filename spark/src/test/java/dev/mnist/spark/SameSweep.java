package dev.mnist.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnist.cli.Main;
import dev.mnist.core.io.Json;
import dev.mnist.core.run.RunFolder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two sweeps' trials compared: 'mnist sweep show's rows (all but the time taken) and each model's weights, to the bit. */
final class SameSweep {
    private SameSweep() {
    }

    /** {@code mnist sweep show --json}'s rows by trial, the seconds taken left out. */
    static Map<String, JsonNode> rows(Path sweep) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"sweep", "show", sweep.toString(), "--json"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row : Json.MAPPER.readTree(out.toString()).get("rows")) {
            ((ObjectNode) row).remove("seconds");
            rows.put(row.get("trial").asText(), row);
        }
        return rows;
    }

    static void assertSame(Path expected, Path actual) throws IOException {
        Map<String, JsonNode> rows = rows(expected);
        assertEquals(rows, rows(actual));
        for (String trial : rows.keySet()) {
            Path model = expected.resolve(trial).resolve(RunFolder.MODEL);
            if (Files.exists(model)) {
                assertArrayEquals(weights(model), weights(actual.resolve(trial).resolve(RunFolder.MODEL)), trial + ": the same weights to the bit");
            }
        }
    }

    private static byte[] weights(Path model) throws IOException {
        try (ZipFile zip = new ZipFile(model.toFile())) {
            return zip.getInputStream(zip.getEntry("weights.bin")).readAllBytes();
        }
    }
}
