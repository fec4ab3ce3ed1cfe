package dev.mnist.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/** Small images from numbers: stored pixels, or any values mapped onto gray levels. */
public final class Pictures {
    private Pictures() {
    }

    /** Planar unsigned bytes (1 channel gray, 3 RGB) at {@code offset}, as the data sets hold images. */
    public static BufferedImage fromPixels(byte[] pixels, int offset, int channels, int height, int width) {
        int plane = height * width;
        if (channels == 1) {
            BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            gray.getRaster().setDataElements(0, 0, width, height, java.util.Arrays.copyOfRange(pixels, offset, offset + plane));
            return gray;
        }
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < plane; i++) {
            int r = pixels[offset + i] & 0xFF;
            int g = pixels[offset + plane + i] & 0xFF;
            int b = pixels[offset + 2 * plane + i] & 0xFF;
            rgb.setRGB(i % width, i / width, r << 16 | g << 8 | b);
        }
        return rgb;
    }

    /** {@code height*width} values from {@code offset}, {@code low} black and {@code high} white. */
    public static BufferedImage fromValues(float[] values, int offset, int height, int width, double low, double high) {
        BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] levels = new byte[height * width];
        double range = high > low ? high - low : 1;
        for (int i = 0; i < levels.length; i++) {
            double v = (values[offset + i] - low) / range;
            levels[i] = (byte) Math.round(255 * Math.max(0, Math.min(1, v)));
        }
        gray.getRaster().setDataElements(0, 0, width, height, levels);
        return gray;
    }

    /**
     * Every pixel as {@code getRGB} gives it (ARGB, row after row), read straight from the raster
     * where the image holds 8-bit sRGB samples: how ImageIO decodes PNG and JPEG files, and the
     * packed-int types. {@code getRGB} converts each pixel through its colour model, one call
     * after another, which took most of the time of preparing a 280x280 drawing.
     */
    public static int[] argb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        WritableRaster raster = image.getRaster();
        if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return image.getRGB(0, 0, width, height, null, 0, width);
        }
        if ((image.getType() == BufferedImage.TYPE_INT_ARGB || image.getType() == BufferedImage.TYPE_INT_RGB)
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel packed
                && raster.getDataBuffer() instanceof DataBufferInt ints && ints.getNumBanks() == 1) {
            int[] data = ints.getData();
            int opaque = image.getType() == BufferedImage.TYPE_INT_RGB ? 0xFF000000 : 0;
            int[] argb = new int[width * height];
            for (int y = 0; y < height; y++) {
                int from = ints.getOffset() + y * packed.getScanlineStride();
                for (int x = 0; x < width; x++) {
                    argb[y * width + x] = data[from + x] | opaque;
                }
            }
            return argb;
        }
        Rgb8 rgb = Rgb8.of(image);
        if (rgb != null) {
            int[] argb = new int[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0, at = rgb.row(y); x < width; x++, at += rgb.stride()) {
                    argb[y * width + x] = rgb.alpha(at) << 24 | rgb.red(at) << 16 | rgb.green(at) << 8 | rgb.blue(at);
                }
            }
            return argb;
        }
        return image.getRGB(0, 0, width, height, null, 0, width);
    }

    /**
     * An image's samples as stored, where they are 8-bit sRGB (opaque or with an unpremultiplied
     * alpha) interleaved in one byte array: how ImageIO decodes PNG and JPEG files. Pixel
     * {@code (x, y)} starts at {@code row(y) + x * stride()}.
     */
    public record Rgb8(byte[] data, int first, int scanline, int stride, int r, int g, int b, int a) {
        /** The layout, or null for an image stored any other way. */
        public static Rgb8 of(BufferedImage image) {
            WritableRaster raster = image.getRaster();
            ColorModel model = image.getColorModel();
            int bands = raster.getNumBands();
            if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                    || !(model instanceof ComponentColorModel) || !model.getColorSpace().isCS_sRGB() || model.isAlphaPremultiplied()
                    || model.getTransferType() != DataBuffer.TYPE_BYTE || (bands != 3 && bands != 4) || model.hasAlpha() != (bands == 4)
                    || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel interleaved)
                    || !(raster.getDataBuffer() instanceof DataBufferByte bytes) || bytes.getNumBanks() != 1) {
                return null;
            }
            for (int band = 0; band < bands; band++) {
                if (model.getComponentSize(band) != 8) {
                    return null;
                }
            }
            int[] offsets = interleaved.getBandOffsets();
            return new Rgb8(bytes.getData(), bytes.getOffset(), interleaved.getScanlineStride(), interleaved.getPixelStride(),
                    offsets[0], offsets[1], offsets[2], bands == 4 ? offsets[3] : -1);
        }

        public int row(int y) {
            return first + y * scanline;
        }

        public int red(int at) {
            return data[at + r] & 0xFF;
        }

        public int green(int at) {
            return data[at + g] & 0xFF;
        }

        public int blue(int at) {
            return data[at + b] & 0xFF;
        }

        public int alpha(int at) {
            return a < 0 ? 0xFF : data[at + a] & 0xFF;
        }
    }
}
