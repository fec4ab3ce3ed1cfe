package dev.mnist.core.image;

import java.awt.image.BufferedImage;

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
}
