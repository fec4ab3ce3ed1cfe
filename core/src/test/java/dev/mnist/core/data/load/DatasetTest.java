package dev.mnist.core.data.load;

import dev.mnist.core.data.ImageFolder;
import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;
import dev.mnist.core.image.DigitPreparation;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.PlainPreparation;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {
    @TempDir
    Path dir;

    /** Class folders of real digits drawn black on white at 56x56, as a user's scans might be. */
    private Path digitsOnPaper() {
        for (int i = 0; i < 12; i++) {
            BufferedImage paper = Images.blackOnWhite(Images.digit(i), 56);
            Images.write(paper, "png", dir.resolve(i % 2 == 0 ? "even" : "odd").resolve(String.format("%02d.png", i)));
        }
        return dir;
    }

    @Test
    void classFolderImagesGetTheContractsPreparationAsClassifyDoes() {
        Path folders = digitsOnPaper();
        Dataset digit = Dataset.load(folders, Split.TRAIN, InputShape.MNIST, Preparation.DIGIT);
        assertEquals(Preparation.DIGIT, digit.preparation());
        assertEquals("given", digit.preparationReason());
        DigitPreparation digitPreparation = new DigitPreparation(InputShape.MNIST);
        PlainPreparation plainPreparation = new PlainPreparation(InputShape.MNIST);
        Dataset plain = Dataset.load(folders, Split.TRAIN, InputShape.MNIST, Preparation.PLAIN);
        for (int i = 0; i < digit.images().count(); i++) {
            BufferedImage file = ImageFiles.read(digit.files().get(i));
            assertArrayEquals(digitPreparation.prepare(file).pixels(), pixels(digit.images(), i), "digit " + i);
            assertArrayEquals(plainPreparation.prepare(file).pixels(), pixels(plain.images(), i), "plain " + i);
        }
    }

    @Test
    void autoKeepsPhotosOfDigitsOnPaperPlain() {
        Dataset auto = Dataset.load(digitsOnPaper(), Split.TRAIN, InputShape.MNIST, null);
        assertEquals(Preparation.PLAIN, auto.preparation(), auto.preparationReason());
        assertEquals("auto: 0% of 12 sampled images are dark-framed like MNIST digits (below 75%)", auto.preparationReason());
    }

    @Test
    void aFolderTooLargeForMemoryIsReadFromDiskImageByImageWithTheSameResult() {
        Path folders = dev.mnist.core.testing.Fixtures.colourClassFolders(dir.resolve("photos"), new int[]{3, 5}, 6, 40);
        InputShape rgb = new InputShape(3, 32, 32);
        ImageFolder folder = new ImageFolder(folders);
        PlainPreparation plain = new PlainPreparation(rgb);
        ImageSet inMemory = folder.load(plain, rgb, Long.MAX_VALUE).images();
        ImageSet streamed = folder.load(plain, rgb, 12 * rgb.size() - 1).images();
        assertTrue(inMemory instanceof LabelledImages);
        assertTrue(!(streamed instanceof LabelledImages), "12 images over the limit are not held in memory");
        assertEquals(inMemory.count(), streamed.count());
        for (int i = 0; i < inMemory.count(); i++) {
            assertEquals(inMemory.label(i), streamed.label(i));
            assertArrayEquals(inMemory.image(i), streamed.image(i), "image " + i);
        }
    }

    @Test
    void aLimitOnClassFoldersKeepsEveryClassItsShare() {
        Dataset folders = Dataset.load(digitsOnPaper(), Split.TRAIN, InputShape.MNIST, Preparation.PLAIN);
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1), labels(folders.images()), "loaded in class order");
        ImageSet limited = folders.limited(4);
        assertEquals(List.of(0, 0, 1, 1), labels(limited));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(folders.images().image(3 * i), limited.image(i), "image " + i);
        }
        ImageSet streamed = new ImageSet.View(folders.images(), 0, 12).spread(4);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(limited.image(i), streamed.image(i), "read from disk, image " + i);
        }
        assertEquals(List.of(0, 0, 0, 1, 1, 1), labels(folders.limited(6)));
        assertEquals(12, folders.limited(100).count());
    }

    @Test
    void aLimitOnAnIdxFileTakesItsFirstImages() {
        Dataset idx = Dataset.load(dev.mnist.core.testing.Fixtures.smallIdxFolder(dir.resolve("idx"), 50), Split.TRAIN,
                InputShape.MNIST, Preparation.PLAIN);
        ImageSet limited = idx.limited(10);
        assertEquals(labels(idx.images()).subList(0, 10), labels(limited));
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(idx.images().image(i), limited.image(i), "image " + i);
        }
    }

    private static List<Integer> labels(ImageSet images) {
        return IntStream.range(0, images.count()).map(images::label).boxed().toList();
    }

    private static byte[] pixels(ImageSet images, int index) {
        return images.image(index);
    }
}
