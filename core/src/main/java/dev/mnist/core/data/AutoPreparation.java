package dev.mnist.core.data;

import dev.mnist.core.model.InputContract.Preparation;

import java.util.Locale;

/**
 * {@code train --prepare auto}: {@code digit} when the training images already look as MNIST's
 * preparation leaves a digit (gray, the ink fitted in the middle with a dark frame around it), so
 * that other images are brought to that form before the model sees them; {@code plain} otherwise.
 * MNIST (and folders converted from it) pass: 88 % of its images have no ink in the outer frame of
 * 2 pixels; Fashion-MNIST, whose items fill the whole 28x28, has none that do; photos of digits on
 * paper have a light frame.
 */
public final class AutoPreparation {
    /** The frame is 1/14 of the side: 2 pixels at 28x28. */
    private static final double FRAME_FRACTION = 1.0 / 14;
    /** A frame pixel at or above this is ink. */
    private static final int INK = 32;
    /** The share of sampled images with a dark frame above which the data counts as digit-prepared. */
    static final double MIN_DARK_FRAMED = 0.75;
    /** How many images the decision looks at, spread over the data set. */
    public static final int SAMPLE = 1_000;

    private AutoPreparation() {
    }

    /** The preparation, and why, in words for the configuration printout and run.json. */
    public record Decision(Preparation preparation, String reason) {
    }

    public static Decision decide(LabelledImages images) {
        if (images.channels() != 1) {
            return new Decision(Preparation.PLAIN, "auto: colour images");
        }
        int n = Math.min(SAMPLE, images.count());
        if (n == 0) {
            return new Decision(Preparation.PLAIN, "auto: no images");
        }
        int darkFramed = 0;
        for (int i = 0; i < n; i++) {
            int index = (int) ((long) i * images.count() / n);
            if (hasDarkFrame(images, index)) {
                darkFramed++;
            }
        }
        double share = (double) darkFramed / n;
        boolean digits = share >= MIN_DARK_FRAMED;
        String reason = String.format(Locale.ROOT, "auto: %.0f%% of %d sampled images are dark-framed like MNIST digits (%s %.0f%%)",
                100 * share, n, digits ? "at least" : "below", 100 * MIN_DARK_FRAMED);
        return new Decision(digits ? Preparation.DIGIT : Preparation.PLAIN, reason);
    }

    static boolean hasDarkFrame(LabelledImages images, int index) {
        int rows = images.rows();
        int cols = images.cols();
        int frame = Math.max(1, (int) Math.round(Math.min(rows, cols) * FRAME_FRACTION));
        byte[] pixels = images.pixels();
        int base = index * images.imageSize();
        for (int y = 0; y < rows; y++) {
            boolean edgeRow = y < frame || y >= rows - frame;
            for (int x = 0; x < cols; x++) {
                if ((edgeRow || x < frame || x >= cols - frame) && (pixels[base + y * cols + x] & 0xFF) >= INK) {
                    return false;
                }
            }
        }
        return true;
    }
}
