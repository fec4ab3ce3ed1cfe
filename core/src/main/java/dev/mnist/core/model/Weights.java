package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A model's arrays (its parameters and running statistics, see {@link NetworkBuilder#state}) in a
 * plain binary form: a count, then per array its name, rank, dimensions and float32 values,
 * big-endian.
 */
final class Weights {
    private static final int MAGIC = 0x4D4E5754; // "MNWT"
    private static final int VERSION = 1;

    private Weights() {
    }

    /** Writes the graph's arrays of these names. */
    static void write(SameDiff graph, Collection<String> names, OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(names.size());
        for (String name : names) {
            INDArray array = graph.getArrForVarName(name).castTo(DataType.FLOAT).dup('c');
            out.writeUTF(name);
            long[] shape = array.shape();
            out.writeInt(shape.length);
            for (long dim : shape) {
                out.writeLong(dim);
            }
            float[] values = array.data().asFloat();
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
            bytes.asFloatBuffer().put(values);
            out.write(bytes.array());
        }
        out.flush();
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
            long length = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            byte[] bytes = in.readNBytes(Math.toIntExact(length * Float.BYTES));
            if (bytes.length != length * Float.BYTES) {
                throw new InvalidInputException(file + ": weights are truncated at " + name);
            }
            float[] values = new float[bytes.length / Float.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values);
            for (float value : values) {
                if (!Float.isFinite(value)) {
                    throw new InvalidInputException(file + ": weights " + name + " hold " + value
                            + " (a diverged training run); not a usable model");
                }
            }
            arrays.put(name, Nd4j.create(values, shape, 'c'));
        }
        return arrays;
    }
}
