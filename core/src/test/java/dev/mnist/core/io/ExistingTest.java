package dev.mnist.core.io;

import dev.mnist.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A missing path and one of the other kind get different messages. */
class ExistingTest {
    @TempDir
    Path dir;

    @Test
    void saysWhetherAPathIsMissingOrTheOtherKind() throws IOException {
        Path file = Files.writeString(dir.resolve("a.png"), "x");
        assertEquals(dir, Existing.folder(dir, "folder"));
        assertEquals(file, Existing.file(file, "file"));
        assertEquals(file + ": is a file, not a run folder",
                assertThrows(InvalidInputException.class, () -> Existing.folder(file, "run folder")).getMessage());
        assertEquals(dir + ": is a folder, not an image list",
                assertThrows(InvalidInputException.class, () -> Existing.file(dir, "image list")).getMessage());
        assertEquals(dir.resolve("gone") + ": no such folder",
                assertThrows(InvalidInputException.class, () -> Existing.folder(dir.resolve("gone"), "folder")).getMessage());
        assertEquals(dir.resolve("gone") + ": no such file",
                assertThrows(InvalidInputException.class, () -> Existing.file(dir.resolve("gone"), "file")).getMessage());
    }
}
