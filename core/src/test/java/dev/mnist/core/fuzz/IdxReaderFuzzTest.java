package dev.mnist.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.idx.IdxArray;
import dev.mnist.core.data.idx.IdxReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes, as a raw or gzip IDX file: the reader returns an array its header describes, or
 * throws {@link InvalidInputException}; nothing else, and never a large allocation for a small file.
 */
class IdxReaderFuzzTest {
    private static final Path FILE = temporaryFile();

    private static Path temporaryFile() {
        try {
            Path dir = Files.createTempDirectory("idx-fuzz");
            Path file = dir.resolve("fuzz-idx1-ubyte");
            // Deleted in reverse order of registration: the file first, then its folder.
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xFF) == 0x1f && (bytes[1] & 0xFF) == 0x8b;
    }

    @FuzzTest
    void readsOrRejectsCleanly(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            IdxArray array = IdxReader.read(FILE);
            long elements = 1;
            for (int dim : array.dims()) {
                elements *= dim;
            }
            assertEquals(elements * array.type().bytes, array.data().length, "data as the header declares");
            assertTrue(array.data().length <= bytes.length || isGzip(bytes), "no more data than the file holds");
        } catch (InvalidInputException expected) {
            // A clean one-line rejection is the point.
        }
    }
}
