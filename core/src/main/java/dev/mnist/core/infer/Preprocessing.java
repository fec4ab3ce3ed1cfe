package dev.mnist.core.infer;

import dev.mnist.core.data.Window;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;

import java.awt.image.BufferedImage;

/** Turns an image of any size and colour into the pixels a model takes, as its input contract says. */
public interface Preprocessing {

    PreparedImage prepare(BufferedImage image);

    /** What it does in a word, as the contract names it: {@code digit} or {@code plain}. */
    String name();

    /**
     * The contract's preparation: {@link DigitPreprocessing} or {@link ResizePreprocessing}, to the
     * input's size, or to the size training cropped from and then its centre.
     */
    static Preprocessing of(InputContract contract) {
        InputShape prepared = contract.preparedShape();
        Preprocessing preparation = switch (contract.preparation()) {
            case DIGIT -> new DigitPreprocessing(prepared);
            case PLAIN -> new ResizePreprocessing(prepared, contract.resize());
        };
        return contract.cropFrom() == null ? preparation : new CentreCrop(preparation, prepared, contract.shape());
    }

    /** Another preparation's image, cut down to its centre window. */
    record CentreCrop(Preprocessing inner, InputShape from, InputShape to) implements Preprocessing {
        @Override
        public PreparedImage prepare(BufferedImage image) {
            PreparedImage whole = inner.prepare(image);
            byte[] pixels = new byte[to.size()];
            Window.centre(whole.pixels(), 0, from, to, pixels, 0);
            return new PreparedImage(pixels, whole.blank());
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
