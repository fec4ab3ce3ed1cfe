package dev.mnist.core.testing;

import dev.mnist.core.data.LabelledImages;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Real digits as images, and what image files do to them. */
public final class Images {
    private Images() {
    }

    /** Real test digit {@code index} as a 28x28 gray image, white on black as MNIST stores it. */
    public static BufferedImage digit(int index) {
        LabelledImages test = Fixtures.testSet();
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, java.util.Arrays.copyOfRange(test.pixels(), index * 784, (index + 1) * 784));
        return image;
    }

    /** The pixels of test digit {@code index}, as stored. */
    public static byte[] digitPixels(int index) {
        return java.util.Arrays.copyOfRange(Fixtures.testSet().pixels(), index * 784, (index + 1) * 784);
    }

    /** The image scaled to size x size and inverted, black ink on white paper, as RGB. */
    public static BufferedImage blackOnWhite(BufferedImage image, int size) {
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, size, size, null);
        g.dispose();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                scaled.setRGB(x, y, ~scaled.getRGB(x, y) | 0xFF000000);
            }
        }
        return scaled;
    }

    /**
     * Real test digit {@code index} as a colour photo of it might be: scaled to size x size, its
     * ink in one random colour on paper of another, so only the shape tells the class.
     */
    public static BufferedImage colouredDigit(int index, int size, java.util.Random random) {
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(digit(index), 0, 0, size, size, null);
        g.dispose();
        float hue = random.nextFloat();
        int ink = java.awt.Color.HSBtoRGB(hue, 0.5f + random.nextFloat() / 2, 0.6f + random.nextFloat() * 0.4f);
        int paper = java.awt.Color.HSBtoRGB(hue + 0.3f + random.nextFloat() * 0.4f, random.nextFloat() * 0.6f, 0.3f + random.nextFloat() * 0.4f);
        BufferedImage coloured = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int strength = scaled.getRaster().getSample(x, y, 0);
                int rgb = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int channel = (((ink >> shift) & 0xFF) * strength + ((paper >> shift) & 0xFF) * (255 - strength)) / 255;
                    rgb |= channel << shift;
                }
                coloured.setRGB(x, y, rgb);
            }
        }
        return coloured;
    }

    /** The image as a transparent PNG would hold it: the ink in black with its strength as opacity. */
    public static BufferedImage inkAsAlpha(BufferedImage whiteOnBlack) {
        BufferedImage result = new BufferedImage(whiteOnBlack.getWidth(), whiteOnBlack.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < result.getHeight(); y++) {
            for (int x = 0; x < result.getWidth(); x++) {
                int gray = whiteOnBlack.getRGB(x, y) & 0xFF;
                result.setRGB(x, y, gray << 24);
            }
        }
        return result;
    }

    /**
     * Black ink on paper speckled with light gray, as a palette image: with {@code whiteTransparent}
     * its white is a transparent palette entry (as "make white transparent" saves a scan), else
     * opaque white, as a browser shows the other on a white page.
     */
    public static BufferedImage paletteOnNoisyPaper(BufferedImage blackOnWhite, boolean whiteTransparent, long seed) {
        byte[] r = new byte[256];
        byte[] a = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) i;
            a[i] = (byte) 255;
        }
        if (whiteTransparent) {
            a[255] = 0;
        }
        java.awt.image.IndexColorModel palette = new java.awt.image.IndexColorModel(8, 256, r, r, r, a);
        BufferedImage image = new BufferedImage(blackOnWhite.getWidth(), blackOnWhite.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, palette);
        java.util.Random random = new java.util.Random(seed);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int gray = blackOnWhite.getRGB(x, y) & 0xFF;
                int index = gray >= 250 ? (random.nextBoolean() ? 255 : 200 + random.nextInt(40)) : Math.min(gray, 254);
                image.getRaster().setSample(x, y, 0, index);
            }
        }
        return image;
    }

    /** The image turned a quarter anticlockwise: how a phone held upright stores it, tagged orientation 6. */
    public static BufferedImage turnedAnticlockwise(BufferedImage image) {
        BufferedImage turned = new BufferedImage(image.getHeight(), image.getWidth(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                turned.setRGB(y, image.getWidth() - 1 - x, image.getRGB(x, y));
            }
        }
        return turned;
    }

    /** A JPEG file with an Exif segment (big-endian TIFF, one IFD entry) that gives its orientation. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
        byte[] header = "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int length = 2 + header.length + tiff.length;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(header);
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** The JPEG with its baseline frame header (SOF0) saying it is {@code side}x{@code side} pixels; the data is unchanged. */
    public static byte[] withDeclaredSide(byte[] jpeg, int side) {
        byte[] patched = jpeg.clone();
        for (int i = 0; i + 8 < patched.length; i++) {
            if ((patched[i] & 0xFF) == 0xFF && (patched[i + 1] & 0xFF) == 0xC0) {   // height and width at +5 and +7
                patched[i + 5] = patched[i + 7] = (byte) (side >> 8);
                patched[i + 6] = patched[i + 8] = (byte) side;
                return patched;
            }
        }
        throw new IllegalArgumentException("no baseline frame header");
    }

    /** Encodes and decodes the image in a format, as writing and reading a file would. */
    public static BufferedImage roundTrip(BufferedImage image, String format) {
        return read(encode(image, format));
    }

    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(BufferedImage image, String format, Path file) {
        try {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            java.nio.file.Files.write(file, encode(image, format));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pearson's correlation of two images' pixel values: 1 for the same picture, about 0 for unrelated ones. */
    public static double correlation(byte[] a, byte[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] & 0xFF;
            mb += b[i] & 0xFF;
        }
        ma /= a.length;
        mb /= b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = (a[i] & 0xFF) - ma;
            double db = (b[i] & 0xFF) - mb;
            ab += da * db;
            aa += da * da;
            bb += db * db;
        }
        return ab / Math.sqrt(aa * bb);
    }
}
