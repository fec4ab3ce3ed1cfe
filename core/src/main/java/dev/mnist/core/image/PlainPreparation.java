package dev.mnist.core.image;

import dev.mnist.core.model.InputContract.Resize;
import dev.mnist.core.model.InputShape;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * The contract's {@code plain} preparation: the image as it is, brought to the input's size by the
 * contract's resize mode. The noise of {@code fill} is the same for every image, so an image always
 * gets the same answer.
 */
public final class PlainPreparation implements ImagePreparation {
    private static final long NOISE_SEED = 0;
    private final InputShape shape;
    private final ImageResizer resizer;

    public PlainPreparation(InputShape shape) {
        this(shape, Resize.SQUASH);
    }

    public PlainPreparation(InputShape shape, Resize resize) {
        this.shape = shape;
        this.resizer = new ImageResizer(resize, shape);
    }

    @Override
    public String name() {
        return "plain";
    }

    @Override
    public PreparedImage prepare(BufferedImage image) {
        byte[] pixels = new byte[shape.size()];
        resizer.resize(image, new SplittableRandom(NOISE_SEED), pixels, 0);
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
