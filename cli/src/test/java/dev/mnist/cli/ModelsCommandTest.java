package dev.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.io.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsCommandTest {

    @Test
    void listsEveryNetworkWithItsLayersParametersAndFlops() throws Exception {
        CommandRun text = CommandRun.of("models");
        assertEquals(0, text.exitCode(), text.toString());
        assertTrue(text.out().contains("lenet: Caffe's LeNet"), text.out());
        assertTrue(text.out().contains("  input 1x28x28 (at least 16x16), 10 classes: 431,080 parameters, 4.59 M FLOPs per image"),
                text.out());
        assertTrue(text.out().contains("  input 1x28x28 (at least 12x12), 10 classes: 61,706 parameters, 833.0 k FLOPs per image"),
                text.out());
        assertTrue(text.out().lines().anyMatch(line -> line.matches("  conv1 +conv +6x28x28 +156 +235\\.2 k")), text.out());

        CommandRun json = CommandRun.of("models", "--json", "--classes", "5", "--channels", "3", "--image-size", "32");
        assertEquals(0, json.exitCode(), json.toString());
        JsonNode lenet5 = Json.MAPPER.readTree(json.out()).get("models").get(1);
        assertEquals("lenet5", lenet5.get("name").asText());
        // conv (padded to 36x36) 32x32x6 -> pool 16 -> conv 12x12x16 -> pool 6: 576 features into dense1.
        assertEquals((3 * 25 * 6 + 6) + (6 * 25 * 16 + 16) + (576 * 120 + 120) + (120 * 84 + 84) + (84 * 5 + 5),
                lenet5.get("parameters").asLong());
        assertEquals("16x6x6", lenet5.get("layers").get(3).get("output").asText());
    }

    @Test
    void anInputANetworkCannotTakeIsSaidPerNetwork() throws Exception {
        CommandRun small = CommandRun.of("models", "--image-size", "12");
        assertEquals(0, small.exitCode(), small.toString());
        assertTrue(small.out().contains("lenet: does not take this input: lenet needs inputs of at least 16x16 pixels, not 12x12"),
                small.out());
        assertTrue(small.out().contains("lenet5: LeNet-5"), small.out());
        CommandRun none = CommandRun.of("models", "--classes", "1000");
        assertEquals(ExitCode.USAGE, none.exitCode(), none.toString());
        assertTrue(none.err().startsWith("mnist: error: no network takes that input: "), none.toString());
    }
}
