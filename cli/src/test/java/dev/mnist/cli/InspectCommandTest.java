package dev.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mnist inspect through the command line, on a sample digit that is not from MNIST. */
class InspectCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheLayerTableAndWritesThePictures() throws Exception {
        Path out = dir.resolve("inspect");
        Path seven = Path.of("..", "examples", "digits", "7-pen.png");
        CommandRun text = CommandRun.of("inspect", "--model", TrainedModel.run().toString(), "--out", out.toString(), seven.toString());
        assertEquals(0, text.exitCode(), text.toString());
        assertTrue(text.out().lines().findFirst().orElse("").matches(".*7-pen\\.png: 7 \\(\\d+\\.\\d%\\).*"), text.out());
        assertTrue(text.out().matches("(?s).*\\nconv1 +conv +20x24x24 +520 .*"), text.out());
        assertTrue(text.err().contains("pictures: " + out.resolve("index.html")), text.err());
        assertTrue(Files.exists(out.resolve("01-conv1-filters.png")));

        CommandRun json = CommandRun.of("inspect", "--json", "--quiet", "--model", TrainedModel.run().toString(), "--out", out.toString(),
                seven.toString());
        JsonNode inspection = Json.MAPPER.readTree(json.out());
        assertEquals(7, inspection.get("layers").size());
        assertEquals(20, inspection.get("layers").get(0).get("activationTiles").asInt());
        assertEquals("7", inspection.get("top").get(0).get("class").asText());
    }

    @Test
    void anUnreadableImageIsOneLineAndExit3() throws Exception {
        Path notImage = Files.writeString(dir.resolve("x.png"), "not a png");
        CommandRun run = CommandRun.of("inspect", "--model", TrainedModel.run().toString(), "--out", dir.resolve("o").toString(),
                notImage.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("mnist: error: " + notImage + ": not an image"), run.err());
        assertTrue(Files.notExists(dir.resolve("o")), "nothing written");
    }
}
