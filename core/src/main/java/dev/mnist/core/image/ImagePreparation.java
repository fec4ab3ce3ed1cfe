package dev.mnist.core.image;

import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;

import java.awt.image.BufferedImage;

/** Turns an image of any size and colour into the pixels a model takes, as its input contract says. */
public interface ImagePreparation {

    PreparedImage prepare(BufferedImage image);

    /** What it does in a word, as the contract names it: {@code digit} or {@code plain}. */
    String name();

    /**
     * The contract's preparation: {@link DigitPreparation} or {@link PlainPreparation}, to the
     * input's size, or to the size training cropped from and then its centre.
     */
    static ImagePreparation of(InputContract contract) {
        InputShape prepared = contract.preparedShape();
        ImagePreparation preparation = switch (contract.preparation()) {
            case DIGIT -> new DigitPreparation(prepared);
            case PLAIN -> new PlainPreparation(prepared, contract.resize());
        };
        return contract.cropFrom() == null ? preparation : new CentreCrop(preparation, prepared, contract.shape());
    }

    /** Another preparation's image, cut down to its centre window. */
    record CentreCrop(ImagePreparation inner, InputShape from, InputShape to) implements ImagePreparation {
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
