package dev.mnist.core.data.idx;

import java.util.Arrays;

/**
 * The content of one IDX file: its element type, its dimensions and the raw big-endian data.
 * The first dimension is the item count (images or labels).
 */
public record IdxArray(IdxType type, int[] dims, byte[] data) {

    public int count() {
        return dims[0];
    }

    /** Elements in one item: rows × columns for an image file, 1 for a label file. */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    @Override
    public String toString() {
        return type + Arrays.toString(dims);
    }
}
