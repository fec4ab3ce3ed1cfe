package dev.mnist.core.data.idx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /** The element at a flat index, as a double, whatever the stored type. */
    public double get(long index) {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        int at = Math.toIntExact(index * type.bytes);
        return switch (type) {
            case UNSIGNED_BYTE -> data[at] & 0xFF;
            case SIGNED_BYTE -> data[at];
            case SHORT -> buffer.getShort(at);
            case INT -> buffer.getInt(at);
            case FLOAT -> buffer.getFloat(at);
            case DOUBLE -> buffer.getDouble(at);
        };
    }

    @Override
    public String toString() {
        return type + Arrays.toString(dims);
    }
}
