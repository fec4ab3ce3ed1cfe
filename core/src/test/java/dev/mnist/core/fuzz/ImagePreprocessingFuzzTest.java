package dev.mnist.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.image.DigitPreparation;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.PlainPreparation;
import dev.mnist.core.image.PreparedImage;
import dev.mnist.core.model.InputShape;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Any bytes, as an image file to classify: reading rejects them with {@link InvalidInputException}
 * or decodes an image, which both preparations turn into exactly one 28x28 input.
 */
class ImagePreprocessingFuzzTest {
    private static final Path FILE = temporaryFile();
    private static final DigitPreparation DIGIT = new DigitPreparation(InputShape.MNIST);
    private static final PlainPreparation RESIZE = new PlainPreparation(InputShape.MNIST);

    private static Path temporaryFile() {
        try {
            Path dir = Files.createTempDirectory("image-fuzz");
            dir.toFile().deleteOnExit();
            return dir.resolve("fuzz.png");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest
    void preparesOrRejectsCleanly(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        BufferedImage image;
        try {
            image = ImageFiles.read(FILE);
        } catch (InvalidInputException expected) {
            return;
        }
        PreparedImage digit = DIGIT.prepare(image);
        assertEquals(784, digit.pixels().length);
        assertEquals(784, RESIZE.prepare(image).pixels().length);
    }
}
