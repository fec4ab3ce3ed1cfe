package dev.mnist.core.data.store;

import java.util.Locale;

/** The three splits of a {@code dataset create} store, with the files each is kept in. */
public enum StoreSplit {
    TRAIN, VAL, TEST;

    /** {@code train}, {@code val} or {@code test}: the key in {@code dataset.json} and the files' prefix. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The images: an IDX file of unsigned bytes, dimensions [count, channels, height, width]. */
    public String imagesFile() {
        return id() + "-images.idx";
    }

    /** The labels: an IDX file of unsigned bytes, dimension [count]. */
    public String labelsFile() {
        return id() + "-labels.idx";
    }

    /** DIGITS' list: {@code <source file> <label>} per stored image, in the store's order. */
    public String listFile() {
        return id() + ".txt";
    }
}
