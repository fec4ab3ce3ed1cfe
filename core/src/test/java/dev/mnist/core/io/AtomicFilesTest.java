package dev.mnist.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    /** What every file the toolkit writes goes through when the disk fills up halfway. */
    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFileAndNoTemporary() throws IOException {
        Path target = Files.writeString(dir.resolve("model.zip"), "the previous model");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, temporary -> {
            Files.writeString(temporary, "half of the new mod");
            throw new IOException("No space left on device");
        }));
        assertEquals(target + ": cannot write (No space left on device)", e.getMessage());
        assertEquals("the previous model", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file is removed");
        }
    }

    @Test
    void aCompleteWriteReplacesTheFile() throws IOException {
        Path target = Files.writeString(dir.resolve("metrics.csv"), "old");
        AtomicFiles.writeString(target, "new");
        assertEquals("new", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.allMatch(p -> p.equals(target)));
        }
    }
}
