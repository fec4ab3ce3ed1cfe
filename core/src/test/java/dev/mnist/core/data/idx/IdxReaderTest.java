package dev.mnist.core.data.idx;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheRealMnistTestSetCompressedAndRaw() throws IOException {
        Path gz = Fixtures.copy(Fixtures.TEST_IMAGES_GZ, dir, "images.gz");
        IdxArray images = IdxReader.read(gz);
        assertEquals(IdxType.UNSIGNED_BYTE, images.type());
        assertArrayEquals(new int[]{10_000, 28, 28}, images.dims());
        assertEquals(784, images.itemSize());

        Path raw = dir.resolve("images");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            Files.write(raw, in.readAllBytes());
        }
        assertArrayEquals(images.data(), IdxReader.read(raw).data());
    }

    @Test
    void readsOtherTypesAndRanks() throws IOException {
        ByteBuffer floats = ByteBuffer.allocate(4 + 8 + 6 * 4).putInt(0x00000D02).putInt(2).putInt(3);
        for (int i = 0; i < 6; i++) {
            floats.putFloat(i * 0.5f);
        }
        IdxArray array = IdxReader.read(write("floats", floats.array()));
        assertEquals(IdxType.FLOAT, array.type());
        assertArrayEquals(new int[]{2, 3}, array.dims());
        assertEquals(3, array.itemSize());
    }

    @Test
    void rejectsAnEmptyFile() {
        assertMessage(write("empty", new byte[0]), "empty: file is empty");
    }

    @Test
    void rejectsAWrongMagicNumber() {
        assertMessage(write("wrong", header(0x08030000, 1)), "magic number 0x08030000 is not IDX");
    }

    @Test
    void rejectsAnUnsupportedTypeCode() {
        assertMessage(write("type", header(0x00000701, 1)), "unsupported IDX type code 0x07");
    }

    @Test
    void rejectsTruncatedData() {
        byte[] file = Arrays.copyOf(header(0x00000803, 10, 28, 28), 16 + 9 * 784);
        assertMessage(write("short", file), "header declares 10x28x28 elements (7856 bytes in all) but the file holds 7072 bytes");
    }

    @Test
    void aWrongTypeByteIsNamedAsTheCauseOfASizeMismatch() {
        byte[] bytes = Arrays.copyOf(header(0x00000D03, 10, 28, 28), 16 + 10 * 784);
        assertMessage(write("typed", bytes), "the file holds 7856 bytes; its type byte 0x0d says 4 bytes an element, "
                + "where MNIST's images and labels are unsigned bytes (0x08)");
    }

    @Test
    void rejectsTrailingGarbage() {
        byte[] file = Arrays.copyOf(header(0x00000801, 3), 8 + 3 + 5);
        assertMessage(write("long", file), "but the file holds 16 bytes");
        assertMessage(write("long.gz", gzip(file)), "trailing bytes after the declared data");
    }

    @Test
    void rejectsTruncatedGzipData() {
        byte[] full = gzip(Arrays.copyOf(header(0x00000801, 1000), 8 + 1000));
        assertMessage(write("cut.gz", Arrays.copyOf(full, full.length - 12)), "cut.gz: truncated");
    }

    @Test
    void rejectsGzipDataThatEndsBeforeItsHeaderSays() {
        assertMessage(write("few.gz", gzip(Arrays.copyOf(header(0x00000801, 1000), 8 + 10))),
                "few.gz: truncated: header declares 1000 elements (1000 data bytes), file ends after 10");
    }

    @Test
    void rejectsAFileNamedGzThatIsNot() {
        assertMessage(write("plain.gz", header(0x00000801, 1)), "plain.gz: not in gzip format");
    }

    @Test
    void rejectsCorruptGzip() {
        byte[] full = gzip(Arrays.copyOf(header(0x00000801, 1000), 8 + 1000));
        for (int i = 12; i < full.length - 8; i++) {
            full[i] ^= 0x5A;
        }
        assertThrows(InvalidInputException.class, () -> IdxReader.read(write("bad.gz", full)));
    }

    @Test
    void rejectsAbsurdDimensionsFromTheHeaderAlone() {
        // 2^31-1 images of 65536x65536 would be 2^63 bytes: refused before any allocation.
        byte[] absurd = header(0x00000803, Integer.MAX_VALUE, 65_536, 65_536);
        assertMessage(write("absurd", absurd), "too large to be a real data set");
        assertMessage(write("absurd.gz", gzip(absurd)), "too large to be a real data set");
    }

    @Test
    void rejectsNegativeAndZeroDimensions() {
        assertMessage(write("negative", header(0x00000803, -5, 28, 28)), "dimension 0 is 4294967291 (as a signed int: -5), must be positive");
        assertMessage(write("zero", header(0x00000802, 10, 0)), "dimension 1 is 0");
    }

    @Test
    void idxFolderRejectsCountMismatchAndLabelsOutsideTheClasses() throws IOException {
        Path folder = dir.resolve("set");
        Files.createDirectories(folder);
        Files.write(folder.resolve(Split.TEST.imagesFile()), Arrays.copyOf(header(0x00000803, 3, 2, 2), 16 + 12));
        Files.write(folder.resolve(Split.TEST.labelsFile()), Arrays.copyOf(header(0x00000801, 2), 10));
        assertMessage(() -> new IdxFolder(folder).load(Split.TEST),
                "t10k-images-idx3-ubyte has 3 images but t10k-labels-idx1-ubyte has 2 labels");

        byte[] labels = Arrays.copyOf(header(0x00000801, 3), 11);
        labels[10] = 12;
        Files.write(folder.resolve(Split.TEST.labelsFile()), labels);
        assertMessage(() -> new IdxFolder(folder).load(Split.TEST), "label 12 at index 2 is outside the 10 classes");
    }

    @Test
    void idxFolderLoadsTheRealTestSetWithItsPublishedClassCounts() {
        IdxFolder folder = new IdxFolder(Fixtures.idxFolder(dir.resolve("mnist")));
        LabelledImages test = folder.load(Split.TEST);
        assertEquals(10_000, test.count());
        assertArrayEquals(Fixtures.TEST_CLASS_COUNTS, test.classCounts(10));
    }

    @Test
    void idxFolderNamesTheMissingFile() {
        assertMessage(() -> new IdxFolder(dir).load(Split.TRAIN), "no train-images-idx3-ubyte (or train-images-idx3-ubyte.gz); run 'mnist download' first");
    }

    private static byte[] header(int magic, int... dims) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int dim : dims) {
            buffer.putInt(dim);
        }
        return buffer.array();
    }

    private Path write(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void assertMessage(Path file, String expected) {
        assertMessage(() -> IdxReader.read(file), expected);
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable action, String expected) {
        InvalidInputException e = assertThrows(InvalidInputException.class, action);
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
    }
}
