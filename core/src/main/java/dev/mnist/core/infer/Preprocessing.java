package dev.mnist.core.infer;

import dev.mnist.core.model.InputContract;

import java.awt.image.BufferedImage;

/** Turns an image of any size and colour into the pixels a model takes, as its input contract says. */
public interface Preprocessing {

    PreparedImage prepare(BufferedImage image);

    /** What it does in a word, as the contract names it: {@code digit} or {@code plain}. */
    String name();

    /** The contract's preparation: {@link DigitPreprocessing} or {@link ResizePreprocessing}. */
    static Preprocessing of(InputContract contract) {
        return switch (contract.preparation()) {
            case DIGIT -> new DigitPreprocessing(contract.shape());
            case PLAIN -> new ResizePreprocessing(contract.shape(), contract.resize());
        };
    }
}
