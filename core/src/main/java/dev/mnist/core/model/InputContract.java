package dev.mnist.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.mnist.core.InvalidInputException;

import java.util.Locale;

/**
 * How any image becomes this model's input, written into {@code model.json} at training time and
 * read by every consumer (evaluate, classify, inspect, serve): the input's channels and size, how
 * an image is resized to it, its preparation, the mean subtracted from its 0-255 values and how
 * they are then scaled. The mean's values ({@code meanValues}, one per input value, 0-255) are
 * too many for {@code model.json}: the model zip keeps them beside it (see {@code ModelFile}).
 */
public record InputContract(int channels, int height, int width, Resize resize, Scaling scaling, Preparation preparation,
                            Mean mean, @JsonIgnore float[] meanValues,
                            @JsonInclude(JsonInclude.Include.NON_NULL) CropFrom cropFrom) {

    /**
     * Training cropped its images at random ({@code train --crop-size}): an image is prepared to
     * this size, then its centre window of the input's size is taken.
     */
    public record CropFrom(int height, int width) {
    }

    /** DIGITS' mean subtraction: what is subtracted from each 0-255 value before scaling. */
    public enum Mean {
        /** Nothing. */
        NONE,
        /** The training images' mean image: each value its position's mean. */
        IMAGE,
        /** The training images' mean per channel: each value its channel's mean. */
        PIXEL;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How an image of another size is brought to the input's size, as DIGITS defines the four. */
    public enum Resize {
        /** Stretched to the size, bilinearly, whatever its aspect ratio. */
        SQUASH,
        /** Resized so its short side fits, keeping its aspect ratio; the long side's excess cut off both ends. */
        CROP,
        /** Resized so its long side fits, keeping its aspect ratio; the short side filled out with random noise. */
        FILL,
        /** Half-way between crop and fill: resized by the mean of the two ratios, cropped one way, filled the other. */
        HALF_CROP;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** {@code squash}, {@code crop}, {@code fill} or {@code half-crop}, any case. */
        public static Resize of(String id) {
            for (Resize r : values()) {
                if (r.id().equalsIgnoreCase(id)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("resize must be squash, crop, fill or half-crop, not '" + id + "'");
        }
    }

    /** How 0-255 pixel values (less the mean) become the network's input values. */
    public enum Scaling {
        /** value / 255, so [0, 1] without mean subtraction. */
        UNIT;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public float apply(float value) {
            return value / 255f;
        }
    }

    /** What is done to an image before it is resized. */
    public enum Preparation {
        /**
         * MNIST's own preparation: gray, inverted when the background is light, cropped to the ink,
         * fitted in a 20x20 box (of 28x28) keeping the aspect ratio, centre of mass at the centre.
         */
        DIGIT,
        /** Nothing: the image as it is, resized. */
        PLAIN;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code digit} or {@code plain}, any case. */
        public static Preparation of(String id) {
            for (Preparation p : values()) {
                if (p.id().equalsIgnoreCase(id)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("preparation must be digit or plain, not '" + id + "'");
        }
    }

    public InputContract {
        // model.json files written before mean subtraction existed have none
        mean = mean == null ? Mean.NONE : mean;
        if (resize == null || scaling == null || preparation == null) {
            throw new IllegalArgumentException("input contract needs resize, scaling and preparation");
        }
        if (cropFrom != null && (cropFrom.height() < height || cropFrom.width() < width)) {
            throw new IllegalArgumentException("a crop of " + height + "x" + width + " from " + cropFrom.height() + "x" + cropFrom.width());
        }
        if (mean == Mean.NONE) {
            meanValues = null;
        } else if (meanValues != null && meanValues.length != channels * height * width) {
            throw new IllegalArgumentException("a mean of " + meanValues.length + " values for " + channels * height * width + " inputs");
        }
        if (preparation == Preparation.DIGIT && channels != 1) {
            throw new IllegalArgumentException("digit preparation is for gray (1-channel) input, not " + channels + " channels");
        }
    }

    public static InputContract of(InputShape shape, Preparation preparation) {
        return of(shape, Resize.SQUASH, preparation);
    }

    public static InputContract of(InputShape shape, Resize resize, Preparation preparation) {
        return new InputContract(shape.channels(), shape.height(), shape.width(), resize, Scaling.UNIT, preparation, Mean.NONE, null,
                null);
    }

    /**
     * What models saved before the contract was written into them get, which is what they were
     * given then: digit preparation for gray input, plain for colour; values scaled to [0, 1].
     */
    public static InputContract legacy(InputShape shape) {
        return of(shape, shape.channels() == 1 ? Preparation.DIGIT : Preparation.PLAIN);
    }

    @JsonIgnore
    public InputShape shape() {
        return new InputShape(channels, height, width);
    }

    /** The same contract with another preparation. */
    public InputContract withPreparation(Preparation newPreparation) {
        return new InputContract(channels, height, width, resize, scaling, newPreparation, mean, meanValues, cropFrom);
    }

    /**
     * The consumers' {@code --prepare} override: this contract with {@code override} (itself when
     * null), or a user error when this model's input cannot take it.
     */
    public InputContract overriddenBy(Preparation override) {
        if (override == null) {
            return this;
        }
        try {
            return withPreparation(override);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--prepare " + override.id() + ": " + e.getMessage() + "; this model takes " + shape());
        }
    }

    /** The same contract subtracting {@code values} ({@code mode} says what they are; null values for NONE). */
    public InputContract withMean(Mean mode, float[] values) {
        return new InputContract(channels, height, width, resize, scaling, preparation, mode, values, cropFrom);
    }

    /** The same contract for the centre window of images prepared to {@code image}'s size. */
    public InputContract croppedFrom(InputShape image) {
        return new InputContract(channels, height, width, resize, scaling, preparation, mean, meanValues,
                new CropFrom(image.height(), image.width()));
    }

    /** The size an image is prepared to before the centre crop: the input's own without one. */
    @JsonIgnore
    public InputShape preparedShape() {
        return cropFrom == null ? shape() : new InputShape(channels, cropFrom.height(), cropFrom.width());
    }

    /** One line for printouts: {@code 1x28x28, digit preparation, squash resize, unit scaling} (and {@code , image mean}). */
    @Override
    public String toString() {
        return shape() + ", " + preparation.id() + " preparation, " + resize.id() + " resize, " + scaling.id() + " scaling"
                + (mean == Mean.NONE ? "" : ", " + mean.id() + " mean subtracted")
                + (cropFrom == null ? "" : ", centre of " + cropFrom.height() + "x" + cropFrom.width());
    }
}
