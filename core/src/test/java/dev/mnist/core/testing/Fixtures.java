package dev.mnist.core.testing;

import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.idx.IdxFolder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real MNIST test set (10,000 images) and training labels, and the first 1,000 images of
 * Fashion-MNIST's test set, copied into test resources.
 */
public final class Fixtures {
    public static final String TEST_IMAGES_GZ = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS_GZ = "t10k-labels-idx1-ubyte.gz";
    public static final String TRAIN_LABELS_GZ = "train-labels-idx1-ubyte.gz";
    /** Per-class counts of the real MNIST test set, as published. */
    public static final int[] TEST_CLASS_COUNTS = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};

    private Fixtures() {
    }

    /** Copies a fixture into {@code dir} under {@code name}. */
    public static Path copy(String fixture, Path dir, String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/mnist-test/" + fixture)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource mnist-test/" + fixture);
            }
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String fixture) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/mnist-test/" + fixture)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An IDX folder whose both splits are the real MNIST test set (the training images are not
     * available here), compressed as downloaded.
     */
    public static Path idxFolder(Path dir) {
        for (Split split : Split.values()) {
            copy(TEST_IMAGES_GZ, dir, split.imagesFile() + ".gz");
            copy(TEST_LABELS_GZ, dir, split.labelsFile() + ".gz");
        }
        return dir;
    }

    /** An IDX folder (raw files) holding the first {@code count} real test images and labels as both splits. */
    public static Path smallIdxFolder(Path dir, int count) {
        return splitIdxFolder(dir, 0, count, 0, count);
    }

    /**
     * An IDX folder (raw files) of real digits whose training split is test images
     * {@code [trainFrom, trainFrom + trainCount)} and whose test split is {@code [testFrom, testFrom + testCount)}.
     */
    public static Path splitIdxFolder(Path dir, int trainFrom, int trainCount, int testFrom, int testCount) {
        LabelledImages test = testSet();
        try {
            Files.createDirectories(dir);
            writeIdx(dir, Split.TRAIN, test, trainFrom, trainCount);
            writeIdx(dir, Split.TEST, test, testFrom, testCount);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** The real MNIST test set, loaded once. */
    public static synchronized LabelledImages testSet() {
        if (testSet == null) {
            testSet = loadTestSplit("/mnist-test/");
        }
        return testSet;
    }

    /** The test split of the IDX files in a resource folder, read through a temporary folder. */
    private static LabelledImages loadTestSplit(String resourceFolder) {
        try {
            Path dir = Files.createTempDirectory("test-set");
            for (String name : java.util.List.of(TEST_IMAGES_GZ, TEST_LABELS_GZ)) {
                try (InputStream in = Fixtures.class.getResourceAsStream(resourceFolder + name)) {
                    Files.copy(in, dir.resolve(name));
                }
            }
            LabelledImages images = new IdxFolder(dir).load(Split.TEST);
            for (Path file : Files.list(dir).toList()) {
                Files.delete(file);
            }
            Files.delete(dir);
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LabelledImages testSet;
    private static LabelledImages fashionSet;

    /** Fashion-MNIST's class names, in label order. */
    public static final java.util.List<String> FASHION_CLASSES = java.util.List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The {@code model.json} inside a model zip, as written. */
    public static byte[] modelJson(Path modelZip) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(modelZip.toFile())) {
            return zip.getInputStream(zip.getEntry("model.json")).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first 1,000 real Fashion-MNIST test images, loaded once. */
    public static synchronized LabelledImages fashionSet() {
        if (fashionSet == null) {
            fashionSet = loadTestSplit("/fashion-test/");
        }
        return fashionSet;
    }

    /**
     * An IDX folder (raw files, with Fashion-MNIST's {@code labels.txt}) of real Fashion-MNIST
     * images: the first {@code trainCount} as its training split, the next {@code testCount} as its test split.
     */
    public static Path fashionIdxFolder(Path dir, int trainCount, int testCount) {
        LabelledImages fashion = fashionSet();
        try {
            Files.createDirectories(dir);
            writeIdx(dir, Split.TRAIN, fashion, 0, trainCount);
            writeIdx(dir, Split.TEST, fashion, trainCount, testCount);
            Files.write(dir.resolve(IdxFolder.CLASS_NAMES_FILE), FASHION_CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static void writeIdx(Path dir, Split split, LabelledImages source, int from, int count) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + count * 784).putInt(0x00000803).putInt(count).putInt(28).putInt(28)
                .put(source.pixels(), from * 784, count * 784);
        ByteBuffer labels = ByteBuffer.allocate(8 + count).putInt(0x00000801).putInt(count).put(source.labels(), from, count);
        Files.write(dir.resolve(split.imagesFile()), images.array());
        Files.write(dir.resolve(split.labelsFile()), labels.array());
    }

    /**
     * A class-folder data set of colour photos of real test digits ({@link Images#colouredDigit}):
     * {@code dir/digit-D/NNNN.png}, {@code perClass} of each digit given, side x side pixels.
     */
    public static Path colourClassFolders(Path dir, int[] digits, int perClass, int side) {
        java.util.Random random = new java.util.Random(side);
        LabelledImages test = testSet();
        for (int digit : digits) {
            Path folder = dir.resolve("digit-" + digit);
            int written = 0;
            for (int i = 0; i < test.count() && written < perClass; i++) {
                if (test.label(i) == digit) {
                    Images.write(Images.colouredDigit(i, side, random), "png", folder.resolve(String.format("%04d.png", i)));
                    written++;
                }
            }
        }
        return dir;
    }
}
