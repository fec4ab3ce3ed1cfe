package dev.mnist.core.model;

import java.util.List;

/**
 * What a model zip says about itself, so that nothing else is needed to use it: the architecture,
 * the class names in output order, the input shape, how pixels are preprocessed, and how far it
 * was trained: {@code epoch} complete epochs, and {@code batchesDone} batches into the next one
 * when training was stopped mid-epoch (0 otherwise; absent in older files).
 */
public record ModelMetadata(
        int formatVersion,
        String architecture,
        List<String> classNames,
        InputShape inputShape,
        String preprocessing,
        int epoch,
        long seed,
        int batchesDone) {

    public static final int FORMAT_VERSION = 1;
    /** Pixels as 0..255 gray (or RGB) values divided by 255, white digit on black as MNIST. */
    public static final String SCALE_TO_UNIT = "scale-to-unit";
}
