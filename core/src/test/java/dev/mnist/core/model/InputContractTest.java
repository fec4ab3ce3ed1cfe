package dev.mnist.core.model;

import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputContract.Preparation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputContractTest {

    @Test
    void isWrittenIntoModelJsonAndReadBack() throws Exception {
        InputContract contract = InputContract.of(new InputShape(3, 32, 24), Preparation.PLAIN);
        ModelMetadata metadata = new ModelMetadata(ModelMetadata.FORMAT_VERSION, "lenet", List.of("cat", "dog"), contract, 3, 7, 0, null);
        String json = Json.MAPPER.writeValueAsString(metadata);
        assertTrue(json.contains("\"preparation\" : \"plain\""), json);
        assertTrue(json.contains("\"resize\" : \"squash\""), json);
        assertTrue(json.contains("\"scaling\" : \"unit\""), json);
        ModelMetadata read = Json.MAPPER.readValue(json, ModelMetadata.class);
        assertEquals(metadata, read);
        assertEquals(new InputShape(3, 32, 24), read.inputShape());
    }

    @Test
    void modelsSavedBeforeTheContractKeepTheirPreparation() throws Exception {
        String gray = """
                {"formatVersion": 1, "architecture": "lenet", "classNames": ["0", "1"],
                 "inputShape": {"channels": 1, "height": 28, "width": 28}, "preprocessing": "scale-to-unit",
                 "epoch": 2, "seed": 42}""";
        ModelMetadata old = Json.MAPPER.readValue(gray, ModelMetadata.class);
        assertEquals(InputContract.of(InputShape.MNIST, Preparation.DIGIT), old.input());
        assertEquals(0, old.batchesDone());
        String colour = gray.replace("\"channels\": 1", "\"channels\": 3");
        assertEquals(Preparation.PLAIN, Json.MAPPER.readValue(colour, ModelMetadata.class).input().preparation());
    }

    @Test
    void digitPreparationIsForGrayInputOnly() {
        InputContract colour = InputContract.of(new InputShape(3, 28, 28), Preparation.PLAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> colour.withPreparation(Preparation.DIGIT));
        assertEquals("digit preparation is for gray (1-channel) input, not 3 channels", e.getMessage());
        assertEquals(Preparation.DIGIT, Preparation.of("Digit"));
    }
}
