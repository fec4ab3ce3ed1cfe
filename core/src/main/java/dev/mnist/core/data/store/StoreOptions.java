package dev.mnist.core.data.store;

import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputContract.Resize;
import dev.mnist.core.model.InputShape;

import java.nio.file.Path;

/**
 * What {@code mnist dataset create} makes: from {@code data} (a folder of class folders or
 * {@code @list.txt}), with validation and test images taken from it by percentage or from
 * {@code valData}/{@code testData} (null when not given), into {@code out}. A null
 * {@code preparation} is decided from the images, as training decides it.
 */
public record StoreOptions(String data, String valData, String testData, Path out, InputShape shape, Resize resize,
                           Preparation preparation, double valPercent, double testPercent, int minPerClass, int maxPerClass,
                           long seed, double maxSkippedPercent, boolean force) {

    public static final double DEFAULT_VAL_PERCENT = 25;
    public static final double DEFAULT_TEST_PERCENT = 0;
    public static final int DEFAULT_MIN_PER_CLASS = 2;
    public static final double DEFAULT_MAX_SKIPPED_PERCENT = 1;

    public StoreOptions {
        require(valPercent >= 0 && testPercent >= 0 && valPercent + testPercent < 100,
                "--val-percent and --test-percent must be 0 or more and leave some images for training");
        require(minPerClass >= 0, "--min-per-class must be 0 or more");
        require(maxPerClass >= 0, "--max-per-class must be 0 (no limit) or more");
        require(maxPerClass == 0 || maxPerClass >= minPerClass, "--max-per-class must not be below --min-per-class");
        require(maxSkippedPercent >= 0 && maxSkippedPercent <= 100, "--max-skipped must be a percentage, 0 to 100");
        require(preparation != Preparation.DIGIT || shape.channels() == 1, "--prepare digit is for gray images (--channels 1)");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
