package dev.mnist.core.image;

import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class PngDecoderTest {
    @Test
    void decodesAsImageIoDoesToTheByte() throws IOException {
        Random random = new Random(7);
        assertSameAsImageIo(resource("chromium-drawing.png"));   // the drawing page's upload, as Chromium encodes it
        for (int i = 0; i < 20; i++) {
            assertSameAsImageIo(Images.encode(Images.digit(i), "png"));
        }
        for (int type : new int[]{BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB}) {
            for (int[] size : new int[][]{{1, 1}, {3, 7}, {31, 2}, {280, 280}}) {
                assertSameAsImageIo(Images.encode(picture(type, size[0], size[1], random), "png"));
            }
        }
    }

    /** ImageIO's writer filters no row; encoders that do choose a filter per row, as here, each of the five in turn. */
    @Test
    void undoesEachOfPngsRowFilters() throws IOException {
        Random random = new Random(11);
        for (int channels : new int[]{1, 3, 4}) {
            for (int[] size : new int[][]{{1, 5}, {2, 6}, {17, 10}, {280, 280}}) {
                for (int first = 0; first < 5; first++) {
                    byte[] samples = new byte[size[0] * size[1] * channels];
                    for (int i = 0; i < samples.length; i++) {
                        samples[i] = (byte) (i % 7 == 0 ? random.nextInt(256) : (i / channels) * 3 + (i % channels) * 50);
                    }
                    assertSameAsImageIo(filteredPng(samples, size[0], size[1], channels, first));
                }
            }
        }
    }

    @Test
    void leavesToImageIoWhatItDoesNotTake() throws IOException {
        byte[] gray = Images.encode(Images.digit(0), "png");
        assertNotNull(PngDecoder.decode(gray, ImageFiles.MAX_PIXELS));
        assertNull(PngDecoder.decode(gray, 28 * 28 - 1), "over the pixel limit");
        assertNull(PngDecoder.decode(Arrays.copyOf(gray, gray.length - 12), ImageFiles.MAX_PIXELS), "no IEND");
        assertNull(PngDecoder.decode(Arrays.copyOf(gray, gray.length / 2), ImageFiles.MAX_PIXELS), "cut mid-data");
        byte[] flipped = gray.clone();
        flipped[29] ^= 1;   // in IHDR's checksum: the chunk itself is sound
        assertNull(PngDecoder.decode(flipped, ImageFiles.MAX_PIXELS), "a checksum that does not match");
        assertNull(PngDecoder.decode(withChunkBeforeEnd(gray, "tEXt", "Comment\0hi".getBytes()), ImageFiles.MAX_PIXELS),
                "a chunk other than IHDR, IDAT and IEND");
        assertNull(PngDecoder.decode(interlaced(Images.digit(0)), ImageFiles.MAX_PIXELS), "interlaced");
        BufferedImage palette = new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_INDEXED);
        assertNull(PngDecoder.decode(Images.encode(palette, "png"), ImageFiles.MAX_PIXELS), "a palette");
        assertNull(PngDecoder.decode(Images.encode(Images.digit(0), "jpeg"), ImageFiles.MAX_PIXELS), "not a PNG");
        assertEquals(28 * 28, PngDecoder.declaredPixels(gray));
        byte[] depth7 = gray.clone();
        depth7[24] = 7;
        assertEquals(-1, PngDecoder.declaredPixels(depth7), "a depth PNG does not have");
        assertEquals(-1, PngDecoder.declaredPixels(Arrays.copyOf(gray, 32)), "a header cut short");
        assertEquals(-1, PngDecoder.declaredPixels(Images.encode(Images.digit(0), "bmp")));
    }

    @Test
    void takesOnlyDataThatMakesTheImageExactly() throws IOException {
        byte[] samples = new byte[6 * 4 * 3];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (i * 7);
        }
        byte[] sound = filteredPng(samples, 6, 4, 3, 0, new byte[0], 0);
        assertSameAsImageIo(sound);
        assertNull(PngDecoder.decode(filteredPng(samples, 6, 4, 3, 0, new byte[0], 5), ImageFiles.MAX_PIXELS), "a row filter 5");
        assertNull(PngDecoder.decode(filteredPng(samples, 6, 4, 3, 0, new byte[]{1, 2, 3}, 0), ImageFiles.MAX_PIXELS),
                "inflated bytes past the image");
        assertNull(PngDecoder.decode(filteredPng(Arrays.copyOf(samples, samples.length - 3), 6, 4, 3, 0, new byte[0], 0), ImageFiles.MAX_PIXELS),
                "a row short");
        byte[] withEmptyData = withChunkBeforeEnd(sound, "IDAT", new byte[0]);
        assertSameAsImageIo(withEmptyData);
        byte[] trailing = Arrays.copyOf(sound, sound.length + 5);   // bytes after IEND are not the image's: ImageIO ignores them too
        assertSameAsImageIo(trailing);
        byte[] bomb = pngOfHeader(30_000, 30_000);   // 900 megapixels' worth of rows could not come out of 20 bytes
        assertNull(PngDecoder.decode(bomb, Long.MAX_VALUE), "too little data for the size declared");
    }

    @Test
    void imagesItLeavesStillDecodeThroughImageFiles() throws IOException {
        byte[] commented = withChunkBeforeEnd(Images.encode(Images.digit(3), "png"), "tEXt", "Comment\0hi".getBytes());
        assertArrayEquals(Images.digitPixels(3), bytes(ImageFiles.decode(commented, "commented.png")));
        assertArrayEquals(Images.digitPixels(3), bytes(ImageFiles.decode(interlaced(Images.digit(3)), "interlaced.png")));
    }

    private static void assertSameAsImageIo(byte[] png) throws IOException {
        BufferedImage expected = ImageIO.read(new java.io.ByteArrayInputStream(png));
        BufferedImage actual = PngDecoder.decode(png, ImageFiles.MAX_PIXELS);
        assertNotNull(actual, "decoded");
        assertEquals(expected.getType(), actual.getType());
        assertEquals(expected.getColorModel(), actual.getColorModel());
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        assertArrayEquals(bytes(expected), bytes(actual));
    }

    /** A PNG of 8-bit samples in PNG's order, row y filtered with filter (first + y) % 5, as a whole in one zlib stream split over IDAT chunks. */
    private static byte[] filteredPng(byte[] samples, int width, int height, int channels, int first) {
        return filteredPng(samples, width, height, channels, first, new byte[0], 0);
    }

    /** The same, with {@code extra} bytes inflated after the rows, and filter {@code lastFilter} written for the last row when not 0. */
    private static byte[] filteredPng(byte[] samples, int width, int height, int channels, int first, byte[] extra, int lastFilter) {
        int stride = width * channels;
        int rows = samples.length / stride;
        byte[] filtered = new byte[rows * (stride + 1) + extra.length];
        System.arraycopy(extra, 0, filtered, rows * (stride + 1), extra.length);
        for (int y = 0; y < rows; y++) {
            int filter = (first + y) % 5;
            filtered[y * (stride + 1)] = (byte) (y == rows - 1 && lastFilter != 0 ? lastFilter : filter);
            for (int i = 0; i < stride; i++) {
                int x = samples[y * stride + i] & 0xFF;
                int left = i >= channels ? samples[y * stride + i - channels] & 0xFF : 0;
                int up = y > 0 ? samples[(y - 1) * stride + i] & 0xFF : 0;
                int upLeft = y > 0 && i >= channels ? samples[(y - 1) * stride + i - channels] & 0xFF : 0;
                int predicted = switch (filter) {
                    case 1 -> left;
                    case 2 -> up;
                    case 3 -> (left + up) / 2;
                    case 4 -> {
                        int p = left + up - upLeft;
                        int a = Math.abs(p - left);
                        int b = Math.abs(p - up);
                        int c = Math.abs(p - upLeft);
                        yield a <= b && a <= c ? left : b <= c ? up : upLeft;
                    }
                    default -> 0;
                };
                filtered[y * (stride + 1) + 1 + i] = (byte) (x - predicted);
            }
        }
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(filtered);
        deflater.finish();
        ByteArrayOutputStream zlib = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            zlib.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        byte[] compressed = zlib.toByteArray();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        int colour = channels == 1 ? 0 : channels == 3 ? 2 : 6;
        png.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) colour).array()));
        int half = compressed.length / 2;
        png.writeBytes(chunk("IDAT", Arrays.copyOfRange(compressed, 0, half)));
        png.writeBytes(chunk("IDAT", Arrays.copyOfRange(compressed, half, compressed.length)));
        png.writeBytes(chunk("IEND", new byte[0]));
        return png.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes()).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        return chunk.putInt((int) crc.getValue()).array();
    }

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    private static BufferedImage picture(int type, int width, int height, Random random) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int smooth = (x * 255 / Math.max(1, width - 1)) << 16 | (y * 255 / Math.max(1, height - 1)) << 8 | ((x + y) & 0xFF);
                int argb = y % 3 == 0 ? random.nextInt() : smooth | (random.nextInt(256) << 24);
                image.setRGB(x, y, type == BufferedImage.TYPE_INT_ARGB ? argb : argb | 0xFF000000);
            }
        }
        return image;
    }

    private static byte[] interlaced(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } finally {
            writer.dispose();
        }
        byte[] png = out.toByteArray();
        assertEquals(1, png[28], "written interlaced");
        return png;
    }

    /** The file with one more chunk, checksummed, just before its IEND (after the image data). */
    private static byte[] withChunkBeforeEnd(byte[] png, String type, byte[] data) {
        byte[] chunk = chunk(type, data);
        int end = png.length - 12;
        byte[] out = new byte[png.length + chunk.length];
        System.arraycopy(png, 0, out, 0, end);
        System.arraycopy(chunk, 0, out, end, chunk.length);
        System.arraycopy(png, end, out, end + chunk.length, 12);
        return out;
    }

    /** A signature, an 8-bit gray IHDR of the size, 20 bytes of one IDAT and an IEND. */
    private static byte[] pngOfHeader(int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0).array()));
        png.writeBytes(chunk("IDAT", new byte[20]));
        png.writeBytes(chunk("IEND", new byte[0]));
        return png.toByteArray();
    }

    private byte[] resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }
}
