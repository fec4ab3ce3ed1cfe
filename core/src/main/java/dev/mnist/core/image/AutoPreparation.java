package dev.mnist.core.image;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.InputContract.Preparation;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

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

    /**
     * Decides from up to {@link #SAMPLE} of {@code count} images spread evenly over them, read on all
     * cores: {@code image} gives the image at an index as plain-prepared pixels of {@code shape}, or
     * null where it cannot be read (such images are left out of the sample).
     */
    public static Decision decide(InputShape shape, int count, IntFunction<byte[]> image) {
        if (shape.channels() != 1) {
            return new Decision(Preparation.PLAIN, "auto: colour images");
        }
        int n = Math.min(SAMPLE, count);
        List<byte[]> sample = IntStream.range(0, n).parallel().mapToObj(i -> image.apply((int) ((long) i * count / n)))
                .filter(Objects::nonNull).toList();
        if (sample.isEmpty()) {
            return new Decision(Preparation.PLAIN, "auto: no images");
        }
        long darkFramed = sample.stream().filter(pixels -> hasDarkFrame(pixels, shape.height(), shape.width())).count();
        double share = (double) darkFramed / sample.size();
        boolean digits = share >= MIN_DARK_FRAMED;
        String reason = String.format(Locale.ROOT, "auto: %.0f%% of %d sampled images are dark-framed like MNIST digits (%s %.0f%%)",
                100 * share, sample.size(), digits ? "at least" : "below", 100 * MIN_DARK_FRAMED);
        return new Decision(digits ? Preparation.DIGIT : Preparation.PLAIN, reason);
    }

    /** Decides from image files, each brought to {@code shape} by the plain preparation {@code plain}. */
    public static Decision decide(InputShape shape, List<Path> files, PlainPreparation plain) {
        return decide(shape, files.size(), i -> {
            try {
                return plain.prepare(ImageFiles.read(files.get(i))).pixels();
            } catch (InvalidInputException unreadable) {
                return null;
            }
        });
    }

    static boolean hasDarkFrame(byte[] pixels, int rows, int cols) {
        int frame = Math.max(1, (int) Math.round(Math.min(rows, cols) * FRAME_FRACTION));
        for (int y = 0; y < rows; y++) {
            boolean edgeRow = y < frame || y >= rows - frame;
            for (int x = 0; x < cols; x++) {
                if ((edgeRow || x < frame || x >= cols - frame) && (pixels[y * cols + x] & 0xFF) >= INK) {
                    return false;
                }
            }
        }
        return true;
    }
}
