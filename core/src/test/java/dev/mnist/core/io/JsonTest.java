package dev.mnist.core.io;

import com.fasterxml.jackson.databind.JsonMappingException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {
    record Run(Path dir, Path data) {
    }

    @Test
    void pathsAreWrittenAsPlainAbsolutePathsAndReadBack() throws Exception {
        Run run = new Run(Path.of("runs", "photo 10:30"), Path.of("/data/mnist"));
        String json = Json.COMPACT.writeValueAsString(run);
        assertEquals("{\"dir\":\"" + Path.of("runs", "photo 10:30").toAbsolutePath() + "\",\"data\":\"/data/mnist\"}", json);
        assertEquals(new Run(run.dir().toAbsolutePath(), run.data()), Json.MAPPER.readValue(json, Run.class));
    }

    @Test
    void fileUrisThatEarlierVersionsWroteAreStillRead() throws Exception {
        Run run = Json.MAPPER.readValue("{\"dir\":\"file:///tmp/runs/a%20b/\",\"data\":\"file:///data/mnist/\"}", Run.class);
        assertEquals(new Run(Path.of("/tmp/runs/a b"), Path.of("/data/mnist")), run);
    }

    @Test
    void aValueThatIsNoPathIsAJsonError() {
        assertThrows(JsonMappingException.class, () -> Json.MAPPER.readValue("{\"dir\":\"file://host:x:y/\"}", Run.class));
        assertThrows(JsonMappingException.class, () -> Json.MAPPER.readValue("{\"dir\":\"a\\u0000b\"}", Run.class));
        assertThrows(JsonMappingException.class, () -> Json.MAPPER.readValue("{\"dir\":42}", Run.class));
    }
}
