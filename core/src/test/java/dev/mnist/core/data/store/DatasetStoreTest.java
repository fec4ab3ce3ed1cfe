package dev.mnist.core.data.store;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.load.Dataset;
import dev.mnist.core.model.InputContract.Resize;
import dev.mnist.core.model.InputShape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A store changed or damaged after it was made: each file is checked against dataset.json before it is read. */
class DatasetStoreTest {
    private static final InputShape RGB10 = new InputShape(3, 10, 10);

    @TempDir
    Path dir;
    Path store;

    @BeforeEach
    void makeOne() {
        Path photos = DatasetCreatorTest.classFolders(dir.resolve("photos"), 8);
        store = dir.resolve("store");
        new DatasetCreator(new StoreListener() {
        }).create(new StoreOptions(photos.toString(), null, null, store, RGB10, Resize.SQUASH, null, 25, 0, 2, 0, 42, 1, false));
    }

    @Test
    void aTruncatedImagesFileIsNamed() throws IOException {
        Path images = store.resolve(StoreSplit.TRAIN.imagesFile());
        byte[] bytes = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(bytes, bytes.length - 7));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DatasetStore.open(store).images(StoreSplit.TRAIN));
        assertEquals(images + ": not the 18 images of 3x10x10 that dataset.json declares (" + bytes.length + " bytes expected, "
                + (bytes.length - 7) + " found)", e.getMessage());
    }

    @Test
    void aManifestThatIsNotOneIsNamed() throws IOException {
        Files.writeString(store.resolve(DatasetStore.MANIFEST), "{\"format\": \"mnist-dataset\", \"version\": 1");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Dataset.load(store, Split.TRAIN, RGB10, null));
        assertTrue(e.getMessage().startsWith(store.resolve(DatasetStore.MANIFEST) + ": not a data set store's manifest"), e.getMessage());
        Files.writeString(store.resolve(DatasetStore.MANIFEST), "{\"format\": \"mnist-dataset\", \"version\": 9}");
        assertTrue(assertThrows(InvalidInputException.class, () -> DatasetStore.open(store)).getMessage()
                .endsWith("format mnist-dataset version 9; this mnist reads mnist-dataset version 1"));
    }

    @Test
    void aLabelOutsideTheClassesIsNamed() throws IOException {
        Path labels = store.resolve(StoreSplit.VAL.labelsFile());
        byte[] bytes = Files.readAllBytes(labels);
        bytes[8 + 2] = 7;
        Files.write(labels, bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DatasetStore.open(store).images(StoreSplit.VAL));
        assertEquals(labels + ": label 7 at index 2 is outside the 3 classes", e.getMessage());
    }

    @Test
    void aStoreWithoutATestSplitSaysHowToMakeOne() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Dataset.load(store, Split.TEST, RGB10, null));
        assertEquals(store + ": the store has no test images (make one with 'mnist dataset create --test-percent' or '--test-data')",
                e.getMessage());
    }
}
