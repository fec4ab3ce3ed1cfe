package dev.mnist.core.train;

import dev.mnist.core.data.augment.Augmenter;

import java.util.SplittableRandom;

/**
 * How a stored image becomes an image of a batch: as it is, augmented for training (each image's
 * draws seeded by the run's seed, the epoch and its place in the epoch, so a resumed run augments
 * exactly as it would have), or centre-cropped for validation.
 */
interface ImageView {
    /** Values of one image after the view. */
    int size();

    /** Writes the view of {@code image}, the epoch's image at {@code position}, to {@code target} at {@code offset}. */
    void write(byte[] image, int position, byte[] target, int offset);

    static ImageView unchanged(int size) {
        return new ImageView() {
            public int size() {
                return size;
            }

            public void write(byte[] image, int position, byte[] target, int offset) {
                System.arraycopy(image, 0, target, offset, size);
            }
        };
    }

    static ImageView augmented(Augmenter augmenter, long seed, int epoch) {
        return new ImageView() {
            public int size() {
                return augmenter.output().size();
            }

            public void write(byte[] image, int position, byte[] target, int offset) {
                long imageSeed = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + position;
                augmenter.augment(image, 0, target, offset, new SplittableRandom(imageSeed));
            }
        };
    }

    static ImageView centred(Augmenter augmenter) {
        return new ImageView() {
            public int size() {
                return augmenter.output().size();
            }

            public void write(byte[] image, int position, byte[] target, int offset) {
                augmenter.centre(image, 0, target, offset);
            }
        };
    }
}
