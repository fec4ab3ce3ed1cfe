package dev.mnist.core.data.convert;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.io.FolderLock;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Converts the real MNIST test set (served as both splits) and reads the PNGs back. */
class PngConverterTest {
    private static final int[] SAMPLED = {0, 1, 7, 999, 4_321, 9_999};
    private static final int[] SMALL_SAMPLED = {0, 1, 7, 640, 999};

    @TempDir
    Path dir;
    IdxFolder source;
    LabelledImages test;

    @BeforeEach
    void setUp() {
        source = new IdxFolder(Fixtures.idxFolder(dir.resolve("mnist")));
        test = source.load(Split.TEST);
    }

    @Test
    void writesDigitsLayoutWithThePublishedClassCountsAndPixelExactImages() throws IOException {
        Path out = dir.resolve("png");
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));

        for (int label = 0; label < 10; label++) {
            assertEquals(Fixtures.TEST_CLASS_COUNTS[label], countFiles(out.resolve("test").resolve(Integer.toString(label))));
            assertEquals(Fixtures.TEST_CLASS_COUNTS[label], countFiles(out.resolve("train").resolve(Integer.toString(label))));
        }
        for (int index : SAMPLED) {
            Path png = digitsPng(out, "test", index);
            assertArrayEquals(pixels(test, index, false), readGray(png), "image " + index);
        }
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), Files.readAllLines(out.resolve("labels.txt")));
        assertNoTemporaryLeft(out);
    }

    @Test
    void listFilesParseBackToTheImagesAndLabels() throws IOException {
        Path out = dir.resolve("png");
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));
        List<String> lines = Files.readAllLines(out.resolve("test.txt"));
        assertEquals(10_000, lines.size());
        for (int index : SAMPLED) {
            String[] fields = lines.get(index).split(" ");
            assertEquals(test.label(index), Integer.parseInt(fields[1]));
            assertArrayEquals(pixels(test, index, false), readGray(out.resolve(fields[0])));
        }
        assertEquals(10_000, Files.readAllLines(out.resolve("train.txt")).size());
    }

    @Test
    void writesTheMnistPngLayoutInverted() throws IOException {
        useSmallSet();
        Path out = dir.resolve("inverted");
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.MNIST_PNG, true, false));
        assertTrue(Files.isDirectory(out.resolve("training")));
        int index = SMALL_SAMPLED[3];
        Path png = out.resolve("testing").resolve(Integer.toString(test.label(index))).resolve(index + ".png");
        assertArrayEquals(pixels(test, index, true), readGray(png));
        assertEquals("testing/" + test.label(index) + "/" + index + ".png " + test.label(index),
                Files.readAllLines(out.resolve("test.txt")).get(index));
    }

    @Test
    void keepsACompleteOutputAndRedoesItWithForce() throws IOException {
        useSmallSet();
        Path out = dir.resolve("png");
        PngConverter.Options options = new PngConverter.Options(Layout.DIGITS, false, false);
        new PngConverter(ConvertListener.NONE).convert(source, out, options);
        Path marker = out.resolve("test").resolve("0").resolve("marker.png");
        Files.writeString(marker, "left by the user");
        SplitsConverted counter = new SplitsConverted();
        new PngConverter(counter).convert(source, out, options);
        assertEquals(0, counter.count);
        assertTrue(Files.exists(marker));

        new PngConverter(counter).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, true));
        assertEquals(2, counter.count);
        assertFalse(Files.exists(marker));
    }

    @Test
    void aSplitWhoseListIsMissingIsRedone() throws IOException {
        useSmallSet();
        Path out = dir.resolve("png");
        PngConverter.Options options = new PngConverter.Options(Layout.DIGITS, false, false);
        new PngConverter(ConvertListener.NONE).convert(source, out, options);
        Files.delete(out.resolve("test.txt"));
        Files.delete(digitsPng(out, "test", firstOfClass(3)));
        assertFalse(PngConverter.isComplete(out, Split.TEST, Layout.DIGITS));
        new PngConverter(ConvertListener.NONE).convert(source, out, options);
        assertEquals(test.classCounts(10)[3], countFiles(out.resolve("test").resolve("3")));
        assertTrue(Files.exists(out.resolve("test.txt")));
    }

    @Test
    void aFolderItDidNotWriteIsKeptUnlessForced() throws IOException {
        useSmallSet();
        Path out = dir.resolve("mine");
        Path keep = Files.createDirectories(out.resolve("train").resolve("myclass")).resolve("keep.txt");
        Files.writeString(keep, "mine");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PngConverter(ConvertListener.NONE)
                .convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false)));
        assertEquals(out.resolve("train") + ": exists and was not written by mnist convert; --force replaces it", e.getMessage());
        assertEquals("mine", Files.readString(keep));
        assertFalse(Files.exists(out.resolve("test")), "nothing is converted when a split is refused");

        Path names = Files.writeString(Files.createDirectories(dir.resolve("names")).resolve("labels.txt"), "cat\ndog\n");
        assertThrows(InvalidInputException.class, () -> new PngConverter(ConvertListener.NONE)
                .convert(source, names.getParent(), new PngConverter.Options(Layout.DIGITS, false, false)));
        assertEquals("cat\ndog\n", Files.readString(names));

        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, true));
        assertFalse(Files.exists(keep));
        assertEquals(test.classCounts(10)[0], countFiles(out.resolve("train").resolve("0")));
    }

    @Test
    void otherSourceFilesOrOptionsAreConvertedAgain() throws IOException {
        useSmallSet();
        Path out = dir.resolve("png");
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));
        int index = SMALL_SAMPLED[2];
        Path png = digitsPng(out, "test", index);

        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, true, false));
        assertArrayEquals(pixels(test, index, true), readGray(png), "--invert on an existing output inverts it");

        Files.writeString(source.dir().resolve("labels.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, true, false));
        assertEquals("a", Files.readAllLines(out.resolve("labels.txt")).get(0));

        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.MNIST_PNG, false, false));
        assertFalse(Files.exists(out.resolve("train")) || Files.exists(out.resolve("test")), "the other layout's folders go");
        assertTrue(Files.readAllLines(out.resolve("test.txt")).get(0).startsWith("testing/"));
        assertNoTemporaryLeft(out);
    }

    @Test
    void aConversionStoppedPartWayLeavesNoTemporaryFolderAndTheEarlierOutput() throws IOException {
        useSmallSet();
        Path out = dir.resolve("png");
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));
        PngConverter[] converter = new PngConverter[1];
        int[] chunks = {0};
        converter[0] = new PngConverter(new ConvertListener() {
            @Override
            public void progress(Split split, int done, int total) {
                chunks[0]++;
                converter[0].requestStop();
            }
        });
        Path bigger = Fixtures.smallIdxFolder(dir.resolve("bigger"), 5_000);
        assertThrows(ConvertStoppedException.class, () -> converter[0].convert(new IdxFolder(bigger), out,
                new PngConverter.Options(Layout.DIGITS, true, false)));
        assertTrue(chunks[0] >= 1, "stopped after a chunk, part-way through the split");
        assertNoTemporaryLeft(out);
        int index = SMALL_SAMPLED[2];
        Path png = digitsPng(out, "train", index);
        assertArrayEquals(pixels(test, index, false), readGray(png));
        assertEquals(1_000, Files.readAllLines(out.resolve("train.txt")).size());
    }

    @Test
    void aLayoutSwitchStoppedPartWayCanBeConvertedBackWithTheDefaults() throws IOException {
        useSmallSet();
        Path out = dir.resolve("png");
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));
        PngConverter[] converter = new PngConverter[1];
        converter[0] = new PngConverter(new ConvertListener() {
            @Override
            public void finished(Split split, int total, boolean converted) {
                converter[0].requestStop(); // after the first split: training/ is written, test/ not yet replaced
            }
        });
        assertThrows(ConvertStoppedException.class, () -> converter[0].convert(source, out,
                new PngConverter.Options(Layout.MNIST_PNG, false, false)));
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));
        assertTrue(Files.isDirectory(out.resolve("train")) && Files.isDirectory(out.resolve("test")));
        assertFalse(Files.exists(out.resolve("training")), "the stopped switch's folder is removed once the split goes back");
        assertTrue(Files.readAllLines(out.resolve("train.txt")).get(0).startsWith("train/"));
    }

    @Test
    void anOutputWrittenBeforeTheRecordExistedIsConvertedAgainNotRefused() throws IOException {
        useSmallSet();
        Path out = dir.resolve("png");
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));
        Files.delete(out.resolve(ConversionRecord.FILE));
        SplitsConverted counter = new SplitsConverted();
        new PngConverter(counter).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));
        assertEquals(2, counter.count);
        assertTrue(Files.exists(out.resolve(ConversionRecord.FILE)));
    }

    @Test
    void aMissingSourceCreatesNoOutputFolder() {
        Path out = dir.resolve("nowhere").resolve("png");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PngConverter(ConvertListener.NONE)
                .convert(new IdxFolder(dir.resolve("nowhere")), out, new PngConverter.Options(Layout.DIGITS, false, false)));
        assertEquals(dir.resolve("nowhere") + ": no such folder; run 'mnist download' first", e.getMessage());
        assertFalse(Files.exists(dir.resolve("nowhere")));
    }

    private int firstOfClass(int label) {
        for (int i = 0; ; i++) {
            if (test.label(i) == label) {
                return i;
            }
        }
    }

    @Test
    void aBadSourceLeavesTheExistingOutputAlone() throws IOException {
        useSmallSet();
        Path out = dir.resolve("png");
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));
        Files.write(source.dir().resolve("t10k-images-idx3-ubyte"), new byte[]{1, 2, 3});
        assertThrows(InvalidInputException.class, () -> new PngConverter(ConvertListener.NONE)
                .convert(source, out, new PngConverter.Options(Layout.DIGITS, false, true)));
        assertEquals(test.classCounts(10)[0], countFiles(out.resolve("test").resolve("0")));
    }

    /** A test split whose labels do not match its images is found before the train split is written. */
    @Test
    void aBadSplitIsFoundBeforeAnyIsWritten() throws IOException {
        useSmallSet();
        java.nio.ByteBuffer fewer = java.nio.ByteBuffer.allocate(8 + 400).putInt(0x801).putInt(400);
        Files.write(source.dir().resolve("t10k-labels-idx1-ubyte"), fewer.array());   // 400 labels for the images
        Path out = dir.resolve("fresh");
        assertThrows(InvalidInputException.class, () -> new PngConverter(ConvertListener.NONE)
                .convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false)));
        assertFalse(Files.exists(out.resolve("train")), "no train/ of a conversion that fails");
        assertFalse(Files.exists(out.resolve("train.txt")));
    }

    @Test
    void aSecondConversionIntoTheSameFolderIsRefusedWhileTheFirstRuns() throws IOException {
        useSmallSet();
        Path out = Files.createDirectories(dir.resolve("png"));
        try (FolderLock first = FolderLock.acquire(out, "held by the test")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PngConverter(ConvertListener.NONE)
                    .convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false)));
            assertEquals(out + ": another mnist convert is writing here; wait for it", e.getMessage());
        }
        new PngConverter(ConvertListener.NONE).convert(source, out, new PngConverter.Options(Layout.DIGITS, false, false));
        assertEquals(test.classCounts(10)[0], countFiles(out.resolve("test").resolve("0")));
    }

    /** Counts the splits a conversion wrote (not those it kept). */
    private static final class SplitsConverted implements ConvertListener {
        int count;

        @Override
        public void finished(Split split, int total, boolean converted) {
            count += converted ? 1 : 0;
        }
    }

    /** Where the digits layout puts image {@code index} of {@link #test} in {@code folder} (train or test). */
    private Path digitsPng(Path out, String folder, int index) {
        return out.resolve(folder).resolve(Integer.toString(test.label(index))).resolve(String.format("%05d.png", index));
    }

    private void useSmallSet() {
        source = new IdxFolder(Fixtures.smallIdxFolder(dir.resolve("small"), 1_000));
        test = source.load(Split.TEST);
    }

    private static byte[] pixels(LabelledImages images, int index, boolean invert) {
        byte[] pixels = new byte[images.imageSize()];
        for (int i = 0; i < pixels.length; i++) {
            int value = images.pixels()[index * images.imageSize() + i] & 0xFF;
            pixels[i] = (byte) (invert ? 255 - value : value);
        }
        return pixels;
    }

    private static byte[] readGray(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        assertEquals(28, image.getWidth());
        assertEquals(28, image.getHeight());
        byte[] pixels = new byte[28 * 28];
        image.getRaster().getDataElements(0, 0, 28, 28, pixels);
        return pixels;
    }

    private static long countFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    private static void assertNoTemporaryLeft(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))
                    .filter(n -> !n.equals(FolderLock.FILE) && !n.equals(ConversionRecord.FILE)).toList());
        }
    }
}
