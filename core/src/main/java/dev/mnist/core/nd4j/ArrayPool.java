package dev.mnist.core.nd4j;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Op output arrays that share memory once one is done with: an array given back lends its memory
 * to the next array asked for of the same type and length, in any shape. Arrays in C order only;
 * others get memory of their own, never shared.
 */
final class ArrayPool {
    private record Size(DataType type, long length) {
    }

    private final Map<Size, Deque<DataBuffer>> free = new HashMap<>();
    private final Set<INDArray> lent = Collections.newSetFromMap(new IdentityHashMap<>());

    /** An array of {@code shape}: new memory, or that of an array given back. */
    INDArray take(LongShapeDescriptor shape) {
        long[] dims = shape.getShape();
        if (shape.isEmpty() || shape.getOrder() != 'c' || !Arrays.equals(shape.getStride(), Nd4j.getStrides(dims, 'c'))) {
            return Nd4j.create(shape);
        }
        Size size = new Size(shape.dataType(), Shape.lengthOf(dims));
        Deque<DataBuffer> buffers = free.get(size);
        INDArray array = buffers == null || buffers.isEmpty()
                ? Nd4j.create(shape)
                : Nd4j.create(buffers.pop(), dims, shape.getStride(), 0, 'c', shape.dataType());
        lent.add(array);
        return array;
    }

    /** Lends {@code array}'s memory to later arrays; {@code array} must not be used again. Arrays not from here are left alone. */
    void giveBack(INDArray array) {
        if (array != null && lent.remove(array)) {
            free.computeIfAbsent(new Size(array.dataType(), array.length()), s -> new ArrayDeque<>()).push(array.data());
        }
    }
}
