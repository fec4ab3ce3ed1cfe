package dev.mnist.core.infer;

import dev.mnist.core.model.InputShape;

import java.awt.image.BufferedImage;

/** Turns an image of any size and colour into the input a model takes. */
public interface Preprocessing {

    PreparedImage prepare(BufferedImage image);

    /** What it does in a word, for reports: {@code digit} or {@code resize}. */
    String name();

    /**
     * MNIST-style digit preparation for gray models ({@link DigitPreprocessing}); a plain resize
     * when {@code asIs} is set or the model takes colour images ({@link ResizePreprocessing}).
     */
    static Preprocessing forModel(InputShape shape, boolean asIs) {
        return asIs || shape.channels() != 1 ? new ResizePreprocessing(shape) : new DigitPreprocessing(shape);
    }
}
