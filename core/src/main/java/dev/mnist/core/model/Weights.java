package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model's arrays (its parameters and running statistics, see {@link Network#state}) in a
 * plain binary form: a count, then per array its name, rank, dimensions and float32 values,
 * big-endian.
 */
final class Weights {
    private static final int MAGIC = 0x4D4E5754; // "MNWT"
    private static final int VERSION = 1;
    private static final int CHUNK_FLOATS = 1 << 16;
    private static final int CHUNK_VALUES = 1 << 18;

    private Weights() {
    }

    /** Writes the graph's arrays of these names. */
    static void write(SameDiff graph, Collection<String> names, OutputStream target) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        names.forEach(name -> arrays.put(name, graph.getArrForVarName(name)));
        write(arrays, target);
    }

    /** Writes these arrays, in their order. */
    static void write(Map<String, INDArray> arrays, OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(arrays.size());
        for (Map.Entry<String, INDArray> entry : arrays.entrySet()) {
            String name = entry.getKey();
            INDArray array = inOrder(entry.getValue());
            out.writeUTF(name);
            long[] shape = array.shape();
            out.writeInt(shape.length);
            for (long dim : shape) {
                out.writeLong(dim);
            }
            // Through a small buffer: a 192x192 LeNet's dense weights are 202 MB, held twice more on
            // the heap when copied out whole.
            FloatBuffer values = array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            values.limit((int) (array.offset() + array.length()));
            values.position((int) array.offset());
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
            while (values.hasRemaining()) {
                chunk.clear();
                FloatBuffer floats = chunk.asFloatBuffer();
                int n = Math.min(CHUNK_FLOATS, values.remaining());
                FloatBuffer slice = values.slice();
                slice.limit(n);
                floats.put(slice);
                values.position(values.position() + n);
                out.write(chunk.array(), 0, n * Float.BYTES);
            }
        }
        out.flush();
    }

    /**
     * The array itself when its memory holds its float values in order, from its offset on (Adam's
     * two moments are such views of one array, 386 MB for a 192x192 LeNet); a copy otherwise.
     */
    private static INDArray inOrder(INDArray array) {
        boolean inOrder = array.dataType() == DataType.FLOAT && array.ordering() == 'c' && array.elementWiseStride() == 1
                && array.offset() + array.length() <= array.data().underlyingLength();
        return inOrder ? array : array.castTo(DataType.FLOAT).dup('c');
    }

    /**
     * Reads the arrays, each of which must be one of {@code expected}, with its shape, and every one
     * of which must be there; nothing is allocated before its shape is checked.
     */
    static Map<String, INDArray> read(InputStream source, Map<String, long[]> expected, Path file) throws IOException {
        DataInputStream in = new DataInputStream(source);
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new InvalidInputException(file + ": weights are not in a format this mnist reads");
        }
        int count = in.readInt();
        if (count != expected.size()) {
            throw new InvalidInputException(file + ": " + count + " weight arrays, but the architecture has " + expected.size());
        }
        Map<String, INDArray> arrays = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int rank = in.readInt();
            if (rank < 0 || rank > 8) {
                throw new InvalidInputException(file + ": weights for " + name + " have rank " + rank);
            }
            long[] shape = new long[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = in.readLong();
            }
            if (!expected.containsKey(name) || !Arrays.equals(shape, expected.get(name)) || arrays.containsKey(name)) {
                throw new InvalidInputException(file + ": weights " + name + " " + Arrays.toString(shape)
                        + " do not fit the architecture");
            }
            INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
            FloatBuffer values = array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            readValues(in, values.limit(Math.toIntExact(array.length())), name, file);
            // On a GPU the values now live in the host copy only: say so, or the device's stale copy is used.
            Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
            Optional<Float> nonFinite = firstNonFinite(array);
            if (nonFinite.isPresent()) {
                throw new InvalidInputException(file + ": weights " + name + " hold " + nonFinite.get()
                        + " (a diverged training run); not a usable model");
            }
            arrays.put(name, array);
        }
        return arrays;
    }

    /**
     * The array's first NaN or infinite value, if it has one. Its sum is finite exactly when all its
     * values are, short of an overflow, and ND4J sums AlexNet's 58 M values in milliseconds, where its
     * value-by-value checks took 0.5 s and a Java loop 0.25 s of a cold start.
     */
    private static Optional<Float> firstNonFinite(INDArray array) {
        if (Float.isFinite(array.sumNumber().floatValue())) {
            return Optional.empty();
        }
        for (float value : array.data().asFloat()) {
            if (!Float.isFinite(value)) {
                return Optional.of(value);
            }
        }
        return Optional.empty(); // finite values whose sum overflowed
    }

    /**
     * Fills {@code target} (an array's own off-heap memory) a chunk at a time: AlexNet's 58 M values
     * went through two heap copies and ND4J's value-by-value {@code create}, 2 s of its cold start.
     */
    private static void readValues(InputStream in, FloatBuffer target, String name, Path file) throws IOException {
        byte[] bytes = new byte[Math.min(target.remaining(), CHUNK_VALUES) * Float.BYTES];
        float[] values = new float[bytes.length / Float.BYTES];
        while (target.hasRemaining()) {
            int count = Math.min(target.remaining(), values.length);
            if (in.readNBytes(bytes, 0, count * Float.BYTES) != count * Float.BYTES) {
                throw new InvalidInputException(file + ": weights are truncated at " + name);
            }
            ByteBuffer.wrap(bytes, 0, count * Float.BYTES).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values, 0, count);
            target.put(values, 0, count);
        }
    }
}
