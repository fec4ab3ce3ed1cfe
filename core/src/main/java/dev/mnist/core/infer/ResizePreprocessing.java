package dev.mnist.core.infer;

import dev.mnist.core.model.InputShape;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** The contract's {@code plain} preparation: the image as it is, squashed (stretched) to the input's size. */
public final class ResizePreprocessing implements Preprocessing {
    private final InputShape shape;

    public ResizePreprocessing(InputShape shape) {
        this.shape = shape;
    }

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public PreparedImage prepare(BufferedImage image) {
        byte[] pixels = new byte[shape.size()];
        squash(image, shape, pixels, 0);
        return new PreparedImage(pixels, isUniform(pixels));
    }

    /** Stretches {@code image} to the shape, bilinearly, and writes it planar, gray or RGB, at {@code offset}. */
    static void squash(BufferedImage image, InputShape shape, byte[] target, int offset) {
        int rows = shape.height();
        int cols = shape.width();
        BufferedImage scaled = new BufferedImage(cols, rows, shape.channels() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, cols, rows, null);
        g.dispose();
        if (shape.channels() == 1) {
            byte[] gray = new byte[rows * cols];
            scaled.getRaster().getDataElements(0, 0, cols, rows, gray);
            System.arraycopy(gray, 0, target, offset, gray.length);
            return;
        }
        int plane = rows * cols;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int rgb = scaled.getRGB(x, y);
                int at = offset + y * cols + x;
                target[at] = (byte) (rgb >> 16);
                target[at + plane] = (byte) (rgb >> 8);
                target[at + 2 * plane] = (byte) rgb;
            }
        }
    }

    private static boolean isUniform(byte[] pixels) {
        for (byte pixel : pixels) {
            if (pixel != pixels[0]) {
                return false;
            }
        }
        return true;
    }
}
