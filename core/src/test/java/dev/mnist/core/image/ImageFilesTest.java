package dev.mnist.core.image;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image files as users have them: broken, hostile, or in unusual formats. */
class ImageFilesTest {
    @TempDir
    Path dir;

    private void assertRejected(Path file, String messageStart) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().startsWith(file + ": " + messageStart), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void zeroBytesAndTextAreNotImages() throws IOException {
        assertRejected(Files.write(dir.resolve("empty.png"), new byte[0]), "not an image this tool can read");
        assertRejected(Files.writeString(dir.resolve("notes.png"), "just some text"), "not an image this tool can read");
        assertRejected(dir.resolve("missing.png"), "no such file");
    }

    @Test
    void aTruncatedPngIsRejected() throws IOException {
        byte[] png = Images.encode(Images.digit(0), "png");
        assertRejected(Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2)), "unreadable image");
    }

    /** Java's JPEG decoder would read what is there, leave the rest gray and only warn. */
    @Test
    void aTruncatedJpegIsRejected() throws IOException {
        byte[] jpeg = Images.encode(Images.blackOnWhite(Images.digit(0), 200), "jpg");
        Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        assertRejected(cut, "broken image");
        assertEquals(200, ImageFiles.read(Files.write(dir.resolve("whole.jpg"), jpeg)).getWidth());
    }

    /** A few kilobytes that declare 7000x7000 pixels are refused before any decoding. */
    @Test
    void aTruncatedHugeJpegIsRefusedWithoutDecodingIt() throws IOException {
        byte[] jpeg = Images.withDeclaredSide(Images.encode(Images.blackOnWhite(Images.digit(0), 200), "jpg"), 7000);
        Path prefix = Files.write(dir.resolve("huge.jpg"), Arrays.copyOf(jpeg, Math.min(jpeg.length - 10, 3000)));
        assertRejected(prefix, "broken image (its JPEG data ends before the end-of-image marker");
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() throws IOException {
        Path bomb = Files.write(dir.resolve("bomb.png"), pngHeaderOnly(100_000, 100_000));
        assertRejected(bomb, "100000x100000 pixels is over the limit of 50 megapixels");
    }

    @Test
    void sixteenBitAndPalettePngsAreReadLikeEightBitGray() throws IOException {
        BufferedImage digit = Images.digit(7);
        byte[] expected = new DigitPreparation(InputShape.MNIST).prepare(digit).pixels();

        BufferedImage sixteen = new BufferedImage(28, 28, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = sixteen.getRaster();
        byte[] palette = new byte[256];
        for (int i = 0; i < 256; i++) {
            palette[i] = (byte) i;
        }
        BufferedImage indexed = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 256, palette, palette, palette));
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int gray = digit.getRaster().getSample(x, y, 0);
                raster.setSample(x, y, 0, gray * 257);
                indexed.getRaster().setSample(x, y, 0, gray);
            }
        }
        for (BufferedImage image : new BufferedImage[]{sixteen, indexed}) {
            BufferedImage read = ImageFiles.read(Images.write(image, "png", dir.resolve(image.getType() + ".png")));
            PreparedImage prepared = new DigitPreparation(InputShape.MNIST).prepare(read);
            assertArrayEquals(expected, prepared.pixels(), "type " + image.getType());
        }
    }

    @Test
    void aCmykJpegIsRead() throws IOException {
        WritableRaster cmyk = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 32, 32, 4, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(new IIOImage(cmyk, null, null));
        } finally {
            writer.dispose();
        }
        Path file = Files.write(dir.resolve("cmyk.jpg"), bytes.toByteArray());
        BufferedImage image = ImageFiles.read(file);
        assertEquals(32, image.getWidth());
        assertTrue(new DigitPreparation(InputShape.MNIST).prepare(image).blank(), "one flat colour is blank");
    }

    /** A PNG signature and an IHDR chunk declaring the size, with no image data after it. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }

    /** A phone's upright photo, stored sideways and tagged orientation 6, is read upright, as a browser shows it. */
    @Test
    void exifOrientationIsApplied() {
        BufferedImage upright = Images.blackOnWhite(Images.digit(0), 60);
        byte[] sideways = Images.encode(Images.turnedAnticlockwise(upright), "jpg");
        BufferedImage read = ImageFiles.decode(Images.withExifOrientation(sideways, 6), "photo.jpg");
        assertEquals(60, read.getWidth());
        BufferedImage untagged = ImageFiles.decode(sideways, "photo.jpg");
        byte[] expected = gray(Images.roundTrip(upright, "jpg"));
        assertTrue(Images.correlation(gray(read), expected) > 0.98, "read upright: " + Images.correlation(gray(read), expected));
        assertTrue(Images.correlation(gray(untagged), expected) < 0.5, "untagged it stays sideways");
        byte[] wide = Images.encode(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpg");
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage turned = ImageFiles.decode(Images.withExifOrientation(wide, orientation), "photo.jpg");
            assertEquals(orientation >= 5 ? 30 : 40, turned.getWidth(), "orientation " + orientation + " turns a quarter from 5 on");
        }
    }

    private static byte[] gray(BufferedImage image) {
        byte[] pixels = new byte[image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                pixels[y * image.getWidth() + x] = (byte) (image.getRGB(x, y) & 0xFF);
            }
        }
        return pixels;
    }
}
