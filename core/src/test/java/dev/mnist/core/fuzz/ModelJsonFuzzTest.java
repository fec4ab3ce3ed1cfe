package dev.mnist.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes as a model zip's {@code model.json}, and any bytes as the zip itself: reading the
 * metadata returns one whose sizes are within the limits, or throws {@link InvalidInputException};
 * nothing else.
 */
class ModelJsonFuzzTest {
    private static final Path DIR = temporaryDir();

    private static Path temporaryDir() {
        try {
            Path dir = Files.createTempDirectory("model-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    void readsOrRejectsCleanly(byte[] bytes) throws IOException {
        Path inZip = DIR.resolve("in-zip.zip");
        try (OutputStream out = Files.newOutputStream(inZip); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("model.json"));
            zip.write(bytes);
            zip.closeEntry();
        }
        check(inZip);
        Path asZip = Files.write(DIR.resolve("as-zip.zip"), bytes);
        check(asZip);
    }

    private static void check(Path file) {
        try {
            ModelMetadata metadata = ModelFile.readMetadata(file);
            assertTrue(metadata.inputShape().height() <= Limits.MAX_INPUT_SIDE && metadata.inputShape().width() <= Limits.MAX_INPUT_SIDE);
            assertTrue(metadata.classNames().size() <= Limits.MAX_CLASSES);
            assertDoesNotThrow(() -> Architectures.byName(metadata.architecture())
                    .check(metadata.inputShape(), metadata.classNames().size()));
        } catch (InvalidInputException expected) {
            // A clean one-line rejection is the point.
        }
    }
}
