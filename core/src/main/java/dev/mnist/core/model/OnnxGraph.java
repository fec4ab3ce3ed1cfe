package dev.mnist.core.model;

import com.google.protobuf.ByteString;
import dev.mnist.core.export.onnx.Onnx.AttributeProto;
import dev.mnist.core.export.onnx.Onnx.GraphProto;
import dev.mnist.core.export.onnx.Onnx.NodeProto;
import dev.mnist.core.export.onnx.Onnx.TensorProto;
import dev.mnist.core.export.onnx.Onnx.TensorShapeProto;
import dev.mnist.core.export.onnx.Onnx.TypeProto;
import dev.mnist.core.export.onnx.Onnx.ValueInfoProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A network as an ONNX graph (opset {@link #OPSET}), added to node by node as {@link OnnxNetwork}
 * lays the network out: float32 tensors, NCHW, a batch dimension of any size named {@code batch}.
 */
public final class OnnxGraph {
    /** Softmax over one axis, as the network's, is opset 13's. */
    public static final int OPSET = 13;
    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    private final GraphProto.Builder graph = GraphProto.newBuilder();

    public OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A graph input of {@code [batch, dims...]} floats. */
    public void input(String name, long... dims) {
        graph.addInput(value(name, dims));
    }

    /** A graph output of {@code [batch, dims...]} floats. */
    public void output(String name, long... dims) {
        graph.addOutput(value(name, dims));
    }

    /** A constant of the graph, its values (any order) written row-major. */
    public String constant(String name, INDArray values) {
        INDArray array = values.castTo(DataType.FLOAT).dup('c');
        float[] floats = array.data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(floats.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(floats);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(FLOAT).setRawData(ByteString.copyFrom(bytes.array()));
        for (long dim : array.shape()) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return name;
    }

    /** A node computing {@code output} by {@code op} from {@code inputs}; returns {@code output}. */
    public String node(String op, String output, List<String> inputs, AttributeProto... attributes) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)));
        return output;
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    public static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto real(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    public GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long dim : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape))).build();
    }
}
