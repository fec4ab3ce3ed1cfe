package dev.mnist.core.infer;

import dev.mnist.core.data.ImageFolder;
import dev.mnist.core.model.InputShape;

import java.awt.image.BufferedImage;

/** The image as it is, resized to the input shape, exactly as class-folder training images are. */
public final class ResizePreprocessing implements Preprocessing {
    private final InputShape shape;

    public ResizePreprocessing(InputShape shape) {
        this.shape = shape;
    }

    @Override
    public String name() {
        return "resize";
    }

    @Override
    public PreparedImage prepare(BufferedImage image) {
        byte[] pixels = new byte[shape.size()];
        ImageFolder.writePixels(image, shape.channels(), shape.height(), shape.width(), pixels, 0);
        return new PreparedImage(pixels, isUniform(pixels));
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
