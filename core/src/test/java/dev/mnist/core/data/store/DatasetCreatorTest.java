package dev.mnist.core.data.store;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.ImageSet;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.ImageResizer;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputContract.Resize;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stores made from class folders of 60x30 colour images (2:1, so every resize mode differs from squash). */
class DatasetCreatorTest {
    private static final InputShape RGB10 = new InputShape(3, 10, 10);
    private static final List<String> CLASSES = List.of("apple", "banana", "cherry");

    @TempDir
    Path dir;

    @Test
    void splitsEachClassByPercentAndStoresEveryImageOnce() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 20);
        StoreManifest m = create(options(data, dir.resolve("store")).valPercent(25).testPercent(10).build());
        assertEquals(CLASSES, m.classNames());
        // per class: 10% of 20 = 2 test, 25% = 5 validation, 13 training
        assertArrayEquals(new int[]{13, 13, 13}, m.splits().get("train").perClass());
        assertArrayEquals(new int[]{5, 5, 5}, m.splits().get("val").perClass());
        assertArrayEquals(new int[]{2, 2, 2}, m.splits().get("test").perClass());
        DatasetStore store = DatasetStore.open(dir.resolve("store"));
        Set<Path> seen = new HashSet<>();
        for (StoreSplit split : StoreSplit.values()) {
            ImageSet images = store.images(split);
            List<Path> files = store.sourceFiles(split);
            assertEquals(m.count(split), images.count());
            for (int i = 0; i < images.count(); i++) {
                assertTrue(seen.add(files.get(i)), files.get(i) + " stored twice");
                assertTrue(files.get(i).toString().contains("/" + CLASSES.get(images.label(i)) + "/"), files.get(i) + " labelled " + images.label(i));
            }
        }
        assertEquals(60, seen.size(), "every image, including those in nested folders");
        assertEquals(String.join("\n", CLASSES) + "\n", Files.readString(dir.resolve("store/labels.txt")));
    }

    @Test
    void storedImagesAreTheFilesResizedAndTheMeanIsTheirs() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 6);
        StoreManifest m = create(options(data, dir.resolve("store")).resize(Resize.CROP).build());
        assertEquals(Resize.CROP, m.resize());
        assertEquals(Preparation.PLAIN, m.preparation());
        DatasetStore store = DatasetStore.open(dir.resolve("store"));
        ImageResizer crop = new ImageResizer(Resize.CROP, RGB10);
        double[] sums = new double[RGB10.size()];
        for (StoreSplit split : StoreSplit.values()) {
            ImageSet images = store.images(split);
            List<Path> files = store.sourceFiles(split);
            for (int i = 0; i < images.count(); i++) {
                byte[] expected = new byte[RGB10.size()];
                crop.resize(ImageFiles.read(files.get(i)), new SplittableRandom(0), expected, 0);
                assertArrayEquals(expected, images.image(i), split + " " + i + " is " + files.get(i) + " cropped");
                if (split == StoreSplit.TRAIN) {
                    for (int p = 0; p < sums.length; p++) {
                        sums[p] += expected[p] & 0xFF;
                    }
                }
            }
        }
        float[] mean = readMean(dir.resolve("store").resolve(DatasetStore.MEAN_VALUES));
        int train = m.count(StoreSplit.TRAIN);
        for (int p = 0; p < sums.length; p++) {
            assertEquals(sums[p] / train, mean[p], 1e-4, "mean pixel " + p);
        }
        assertTrue(Files.size(dir.resolve("store").resolve(DatasetStore.MEAN_PNG)) > 0);
    }

    @Test
    void theSeedDecidesTheSplitsAndTheFillNoise() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 8);
        create(options(data, dir.resolve("a")).resize(Resize.FILL).seed(7).build());
        create(options(data, dir.resolve("b")).resize(Resize.FILL).seed(7).build());
        create(options(data, dir.resolve("c")).resize(Resize.FILL).seed(8).build());
        for (String file : List.of("train-images.idx", "val-images.idx", "train.txt")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(file)), Files.readAllBytes(dir.resolve("b").resolve(file)), file);
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a").resolve(file)),
                    Files.readAllBytes(dir.resolve("c").resolve(file))), file);
        }
    }

    @Test
    void unreadableImagesAreSkippedAndListedUpToTheLimit() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 20);
        Path broken = data.resolve("banana/broken.png");
        Files.write(broken, new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        StoreManifest m = create(options(data, dir.resolve("store")).maxSkipped(5).build());
        assertEquals(1, m.skipped());
        assertEquals(60, m.count(StoreSplit.TRAIN) + m.count(StoreSplit.VAL) + m.count(StoreSplit.TEST));
        assertTrue(Files.readString(dir.resolve("store").resolve(DatasetStore.SKIPPED)).startsWith(broken + ": "));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> create(options(data, dir.resolve("strict")).maxSkipped(1).build()));
        assertTrue(e.getMessage().startsWith("1 of 61 images (1.6%) could not be read, over --max-skipped 1.0%: " + broken), e.getMessage());
        assertFalse(Files.exists(dir.resolve("strict")), "no store on failure");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(), "no temporary folder left");
        }
    }

    @Test
    void aStopLeavesNoStoreAndNothingHidden() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 20);
        DatasetCreator[] creator = new DatasetCreator[1];
        creator[0] = new DatasetCreator(new StoreListener() {
            @Override
            public void started(StoreSplit split, int total) {
                creator[0].requestStop();
            }
        });
        assertThrows(StoreStoppedException.class, () -> creator[0].create(options(data, dir.resolve("store")).build()));
        assertFalse(Files.exists(dir.resolve("store")));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList());
        }
    }

    @Test
    void storedImagesAreReadFromDiskNotHeld() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 4);
        create(options(data, dir.resolve("store")).build());
        ImageSet train = DatasetStore.open(dir.resolve("store")).images(StoreSplit.TRAIN);
        byte[] before = train.image(0);
        try (var channel = java.nio.channels.FileChannel.open(dir.resolve("store").resolve(StoreSplit.TRAIN.imagesFile()),
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[RGB10.size()]), StoredImages.HEADER);
        }
        assertFalse(java.util.Arrays.equals(before, train.image(0)));
        assertArrayEquals(new byte[RGB10.size()], train.image(0), "what is on disk now, not a copy in memory");
    }

    @Test
    void listsAndValidationDataOfTheirOwn() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 4);
        Path lists = Files.createDirectories(dir.resolve("lists"));
        List<String> lines = new ArrayList<>();
        for (int label = 0; label < CLASSES.size(); label++) {
            try (Stream<Path> files = Files.list(data.resolve(CLASSES.get(label)))) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    lines.add("../photos/" + CLASSES.get(label) + "/" + file.getFileName() + " " + label);
                }
            }
        }
        Files.write(lists.resolve("train.txt"), lines);
        Files.writeString(lists.resolve("labels.txt"), "A\nB\nC\n");
        Path val = classFolders(dir.resolve("more"), 3);
        Files.move(val.resolve("apple"), val.resolve("A"));
        Files.move(val.resolve("banana"), val.resolve("B"));
        Files.move(val.resolve("cherry"), val.resolve("C"));
        StoreManifest m = create(options("@" + lists.resolve("train.txt"), dir.resolve("store")).valData(val.toString()).build());
        assertEquals(List.of("A", "B", "C"), m.classNames());
        assertEquals(lines.size(), m.count(StoreSplit.TRAIN), "no percentage taken when validation data is given");
        assertEquals(9, m.count(StoreSplit.VAL), "3 per class, nested ones included");
        assertEquals(0.0, m.valPercent());

        Files.writeString(lists.resolve("bad.txt"), "../photos/apple/x.png seven\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> create(options("@" + lists.resolve("bad.txt"), dir.resolve("bad")).build()));
        assertEquals(lists.resolve("bad.txt") + ":1: expected '<path> <label 0-255>', found '../photos/apple/x.png seven'", e.getMessage());
    }

    @Test
    void classesUnderTheMinimumAreLeftOutAndTheMaximumCapsTheRest() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 6);
        Images.write(image(new Random(1)), "png", data.resolve("durian/only.png"));
        StoreManifest m = create(options(data, dir.resolve("store")).minPerClass(2).maxPerClass(4).valPercent(25).build());
        assertEquals(CLASSES, m.classNames(), "durian has 1 image, under the minimum of 2");
        assertArrayEquals(new int[]{3, 3, 3}, m.splits().get("train").perClass());
        assertArrayEquals(new int[]{1, 1, 1}, m.splits().get("val").perClass());
    }

    @Test
    void aStoreNeedsTwoClassesAndOneLineClassNames() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 3);
        InvalidInputException one = assertThrows(InvalidInputException.class,
                () -> create(options(data, dir.resolve("one")).minPerClass(4).build()));
        assertTrue(one.getMessage().contains("no images left for training"), one.getMessage());
        Images.write(image(new Random(1)), "png", data.resolve("durian/a.png"));
        Images.write(image(new Random(2)), "png", data.resolve("durian/b.png"));
        Images.write(image(new Random(3)), "png", data.resolve("durian/c.png"));
        Images.write(image(new Random(4)), "png", data.resolve("durian/d.png"));
        InvalidInputException single = assertThrows(InvalidInputException.class,
                () -> create(options(data, dir.resolve("one")).minPerClass(4).build()));
        assertTrue(single.getMessage().endsWith(": 1 class (durian) to classify; a store needs at least two (classes under "
                + "--min-per-class 4: [apple (3), banana (3), cherry (3)])"), single.getMessage());
        assertFalse(Files.exists(dir.resolve("one")));

        Images.write(image(new Random(5)), "png", data.resolve("two\nlines/a.png"));
        InvalidInputException lines = assertThrows(InvalidInputException.class, () -> create(options(data, dir.resolve("nl")).build()));
        assertTrue(lines.getMessage().contains("class folder 'two\\x0alines': a class name must not hold line breaks"), lines.getMessage());
    }

    @Test
    void validationOrTestImagesThatAreTheTrainingImagesAreRefused() {
        Path data = classFolders(dir.resolve("photos"), 4);
        InvalidInputException same = assertThrows(InvalidInputException.class,
                () -> create(options(data, dir.resolve("store")).valData(data.resolve(".").toString()).build()));
        assertTrue(same.getMessage().contains("is --data itself; validation and test images must be others"), same.getMessage());
        assertFalse(Files.exists(dir.resolve("store")));
    }

    @Test
    void anExistingOutputIsReplacedOnlyWhenItIsAStoreAndForced() throws IOException {
        Path data = classFolders(dir.resolve("photos"), 4);
        Path notStore = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(notStore.resolve("notes.txt"), "keep me");
        assertTrue(assertThrows(InvalidInputException.class, () -> create(options(data, notStore).force(true).build()))
                .getMessage().endsWith("exists, is not empty and is no data set store; name another --out"));
        assertTrue(assertThrows(InvalidInputException.class, () -> create(options(data, notStore).build()))
                .getMessage().endsWith("name another --out"), "no advice to add a --force that would be refused");
        assertEquals("keep me", Files.readString(notStore.resolve("notes.txt")));

        Path store = dir.resolve("store");
        create(options(data, store).seed(1).build());
        byte[] first = Files.readAllBytes(store.resolve("train.txt"));
        assertTrue(assertThrows(InvalidInputException.class, () -> create(options(data, store).seed(2).build()))
                .getMessage().endsWith("is a data set store already; --force replaces it"));
        assertArrayEquals(first, Files.readAllBytes(store.resolve("train.txt")));
        create(options(data, store).seed(2).force(true).build());
        assertNotEquals(new String(first), Files.readString(store.resolve("train.txt")));
        assertTrue(assertThrows(InvalidInputException.class, () -> create(options(data, data.resolve("store")).build()))
                .getMessage().contains("--out must not be inside the data folder"));
    }

    private static StoreManifest create(StoreOptions options) {
        return new DatasetCreator(new StoreListener() {
        }).create(options);
    }

    /** 60x30 images of random colour blocks, {@code perClass} per class, a third of them in a nested folder. */
    static Path classFolders(Path root, int perClass) {
        Random random = new Random(root.getFileName().toString().hashCode());
        for (String name : CLASSES) {
            for (int i = 0; i < perClass; i++) {
                Path folder = i % 3 == 2 ? root.resolve(name).resolve("nested/deeper") : root.resolve(name);
                Images.write(image(random), "png", folder.resolve(String.format("%03d.png", i)));
            }
        }
        return root;
    }

    private static BufferedImage image(Random random) {
        BufferedImage image = new BufferedImage(60, 30, BufferedImage.TYPE_INT_RGB);
        for (int by = 0; by < 30; by += 5) {
            for (int bx = 0; bx < 60; bx += 5) {
                int rgb = random.nextInt(1 << 24);
                for (int y = by; y < by + 5; y++) {
                    for (int x = bx; x < bx + 5; x++) {
                        image.setRGB(x, y, rgb);
                    }
                }
            }
        }
        return image;
    }

    private static float[] readMean(Path file) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(Files.readAllBytes(file));
        assertEquals(0x0D03, buffer.getInt());
        assertEquals(3, buffer.getInt());
        assertEquals(10, buffer.getInt());
        assertEquals(10, buffer.getInt());
        float[] values = new float[RGB10.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return values;
    }

    private static Options options(Path data, Path out) {
        return options(data.toString(), out);
    }

    private static Options options(String data, Path out) {
        return new Options(data, out);
    }

    /** StoreOptions with this test's defaults: 3x10x10, squash, 25 % validation, seed 42. */
    private static final class Options {
        private final String data;
        private final Path out;
        private String valData;
        private Resize resize = Resize.SQUASH;
        private double valPercent = StoreOptions.DEFAULT_VAL_PERCENT;
        private double testPercent;
        private int minPerClass = StoreOptions.DEFAULT_MIN_PER_CLASS;
        private int maxPerClass;
        private long seed = 42;
        private double maxSkipped = StoreOptions.DEFAULT_MAX_SKIPPED_PERCENT;
        private boolean force;

        Options(String data, Path out) {
            this.data = data;
            this.out = out;
        }

        Options valData(String value) { valData = value; return this; }
        Options resize(Resize value) { resize = value; return this; }
        Options valPercent(double value) { valPercent = value; return this; }
        Options testPercent(double value) { testPercent = value; return this; }
        Options minPerClass(int value) { minPerClass = value; return this; }
        Options maxPerClass(int value) { maxPerClass = value; return this; }
        Options seed(long value) { seed = value; return this; }
        Options maxSkipped(double value) { maxSkipped = value; return this; }
        Options force(boolean value) { force = value; return this; }

        StoreOptions build() {
            return new StoreOptions(data, valData, null, out, RGB10, resize, null, valPercent, testPercent, minPerClass,
                    maxPerClass, seed, maxSkipped, force);
        }
    }
}
