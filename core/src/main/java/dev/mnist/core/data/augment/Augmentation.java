package dev.mnist.core.data.augment;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What training does to each image on the fly, as DIGITS' data augmentation does: a random crop of
 * {@code cropSize} (0: none), flips, a rotation of up to {@code rotate} degrees either way, a shift
 * of up to {@code shift} of the side, a scale change of up to {@code scale} (0.1: 90 % to 110 %),
 * Gaussian noise of {@code noise} standard deviation (0-255 levels), random hue, saturation and
 * value ({@code hsv}, colour only), and Simard et al.'s elastic distortion ({@code elastic}).
 * Validation, evaluation and inference see no augmentation, only the centre crop.
 */
public record Augmentation(int cropSize, Flip flip, double rotate, double shift, double scale, double noise, boolean hsv,
                           boolean elastic) {

    public static final Augmentation NONE = new Augmentation(0, Flip.NONE, 0, 0, 0, 0, false, false);

    /** Which mirror images training may see, each with probability one half. */
    public enum Flip {
        NONE, HORIZONTAL, VERTICAL, BOTH;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean horizontal() {
            return this == HORIZONTAL || this == BOTH;
        }

        boolean vertical() {
            return this == VERTICAL || this == BOTH;
        }
    }

    public Augmentation {
        flip = flip == null ? Flip.NONE : flip;
        require(cropSize >= 0, "--crop-size must be 0 (none) or more");
        require(rotate >= 0 && rotate <= 180, "--rotate must be 0 to 180 degrees");
        require(shift >= 0 && shift < 1, "--shift must be at least 0 and below 1 (a fraction of the side)");
        require(scale >= 0 && scale < 1, "--scale must be at least 0 and below 1 (0.1: 90% to 110%)");
        require(noise >= 0 && noise <= 255, "--noise must be 0 to 255 (a standard deviation in pixel levels)");
    }

    /** Anything changes an image's pixels in training (a crop alone only moves the window). */
    public boolean changesPixels() {
        return flip != Flip.NONE || rotate > 0 || shift > 0 || scale > 0 || noise > 0 || hsv || elastic;
    }

    /** In words, for the configuration printout: {@code random crop 24, rotate ±10°, elastic}, or {@code none}. */
    public String describe() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (cropSize > 0) {
            parts.add("random crop " + cropSize + " (centre crop at inference)");
        }
        if (flip != Flip.NONE) {
            parts.add("flip " + flip.id());
        }
        if (rotate > 0) {
            parts.add(String.format(Locale.ROOT, "rotate ±%s°", rotate));
        }
        if (shift > 0) {
            parts.add(String.format(Locale.ROOT, "shift ±%s", shift));
        }
        if (scale > 0) {
            parts.add(String.format(Locale.ROOT, "scale ±%s", scale));
        }
        if (noise > 0) {
            parts.add(String.format(Locale.ROOT, "noise σ %s", noise));
        }
        if (hsv) {
            parts.add("hsv");
        }
        if (elastic) {
            parts.add("elastic");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    boolean warps() {
        return flip != Flip.NONE || rotate > 0 || shift > 0 || scale > 0 || elastic;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
