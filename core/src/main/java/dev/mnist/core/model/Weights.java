package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
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
import java.util.List;

/**
 * A graph's trainable weights in a plain binary form: a count, then per variable its name, rank,
 * dimensions and float32 values, big-endian.
 */
final class Weights {
    private static final int MAGIC = 0x4D4E5754; // "MNWT"
    private static final int VERSION = 1;

    private Weights() {
    }

    static void write(SameDiff graph, OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        List<SDVariable> variables = trainable(graph);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(variables.size());
        for (SDVariable variable : variables) {
            INDArray array = variable.getArr().castTo(DataType.FLOAT).dup('c');
            out.writeUTF(variable.name());
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

    /** Sets the graph's trainable variables to the stored values; each must be there, with its shape. */
    static void read(InputStream source, SameDiff graph, Path file) throws IOException {
        DataInputStream in = new DataInputStream(source);
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new InvalidInputException(file + ": weights are not in a format this mnist reads");
        }
        int count = in.readInt();
        List<SDVariable> variables = trainable(graph);
        if (count != variables.size()) {
            throw new InvalidInputException(file + ": " + count + " weight arrays, but the architecture has " + variables.size());
        }
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
            SDVariable variable = graph.getVariable(name);
            if (variable == null || variable.getVariableType() != VariableType.VARIABLE
                    || !Arrays.equals(shape, variable.getArr().shape())) {
                throw new InvalidInputException(file + ": weights " + name + " " + Arrays.toString(shape)
                        + " do not fit the architecture");
            }
            byte[] bytes = in.readNBytes(Math.toIntExact(variable.getArr().length() * Float.BYTES));
            if (bytes.length != variable.getArr().length() * Float.BYTES) {
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
            variable.getArr().assign(Nd4j.create(values, shape, 'c'));
        }
    }

    private static List<SDVariable> trainable(SameDiff graph) {
        return graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).toList();
    }
}
