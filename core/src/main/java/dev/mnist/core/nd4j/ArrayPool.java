package dev.mnist.core.nd4j;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Op output arrays that share memory once one is done with: an array given back lends its memory
 * to a later array of the same type, in any shape, of its length or somewhat shorter (at most
 * {@link #MAX_SPARE} times: a small array would otherwise take a large one's memory from the large
 * arrays after it). Arrays in C order only; others get memory of their own, never shared.
 */
final class ArrayPool {
    static final int MAX_SPARE = 4;

    /** Memory given back, by type and by length. */
    private final Map<DataType, TreeMap<Long, Deque<DataBuffer>>> free = new HashMap<>();
    /** Each array lent, with the memory it was given. */
    private final Map<INDArray, DataBuffer> lent = new IdentityHashMap<>();

    /** An array of {@code shape}: new memory, or that of an array given back. */
    INDArray take(LongShapeDescriptor shape) {
        long[] dims = shape.getShape();
        if (shape.isEmpty() || shape.getOrder() != 'c' || !Arrays.equals(shape.getStride(), Nd4j.getStrides(dims, 'c'))) {
            return Nd4j.create(shape);
        }
        long length = 1;
        for (long dim : dims) {
            length *= dim;
        }
        DataBuffer memory = lend(shape.dataType(), length);
        INDArray array = memory == null ? Nd4j.create(shape) : Nd4j.create(memory, dims, shape.getStride(), 0, 'c', shape.dataType());
        lent.put(array, memory == null ? array.data() : memory);
        return array;
    }

    /** Lends {@code array}'s memory to later arrays; {@code array} must not be used again. Arrays not from here are left alone. */
    void giveBack(INDArray array) {
        DataBuffer memory = array == null ? null : lent.remove(array);
        if (memory != null) {
            free.computeIfAbsent(array.dataType(), t -> new TreeMap<>())
                    .computeIfAbsent(memory.length(), n -> new ArrayDeque<>()).push(memory);
        }
    }

    private DataBuffer lend(DataType type, long length) {
        TreeMap<Long, Deque<DataBuffer>> byLength = free.get(type);
        Map.Entry<Long, Deque<DataBuffer>> fit = byLength == null ? null : byLength.ceilingEntry(length);
        if (fit == null || fit.getKey() > length * MAX_SPARE) {
            return null;
        }
        DataBuffer memory = fit.getValue().pop();
        if (fit.getValue().isEmpty()) {
            byLength.remove(fit.getKey());
        }
        return memory;
    }
}
