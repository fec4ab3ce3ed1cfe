package dev.mnist.core.model;

import dev.mnist.core.model.Network.BatchNorm;
import dev.mnist.core.model.Network.Conv;
import dev.mnist.core.model.Network.Dense;
import dev.mnist.core.model.Network.Dropout;
import dev.mnist.core.model.Network.GlobalAvgPool;
import dev.mnist.core.model.Network.Layer;
import dev.mnist.core.model.Network.LocalResponseNorm;
import dev.mnist.core.model.Network.Pool;
import dev.mnist.core.model.Network.Residual;
import dev.mnist.core.model.Network.Softmax;
import dev.mnist.core.model.NetworkBuilder.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * The answering network written into an {@link OnnxGraph}, made of a model's arrays, with the
 * variables' names; each method returns the name of the tensor that is the layer's output.
 */
public final class OnnxNetwork implements Network.Visitor<String> {
    private final OnnxGraph onnx;
    private final Map<String, INDArray> saved;
    private final Map<String, long[]> state;
    private String x;

    private OnnxNetwork(OnnxGraph onnx, Network network, Map<String, INDArray> saved, String input) {
        this.onnx = onnx;
        this.saved = Map.copyOf(saved);
        this.state = network.state();
        this.x = input;
    }

    /**
     * Writes {@code network} into {@code graph}, reading the tensor {@code input} (already in the
     * graph) and ending in {@link GraphNames#LOGITS} and {@link GraphNames#PROBABILITIES}.
     *
     * @throws IllegalStateException where a layer has no ONNX form here
     */
    public static void write(Network network, Map<String, INDArray> saved, OnnxGraph graph, String input) {
        new OnnxNetwork(graph, network, saved, input).write(network.layers());
    }

    private void write(List<Layer> layers) {
        layers.forEach(layer -> layer.accept(this));
    }

    @Override
    public String conv(Conv layer) {
        String name = layer.name();
        String linear = SameDiffGraph.linearName(name, layer.activation());
        String weights = onnx.constant(name + "_W", array(name + "_W").permute(3, 2, 0, 1));
        int kernel = layer.kernel();
        int stride = layer.stride();
        int pad = layer.pad();
        onnx.node("Conv", linear, List.of(x, weights, constant(name + "_b")), OnnxGraph.ints("kernel_shape", kernel, kernel),
                OnnxGraph.ints("strides", stride, stride), OnnxGraph.ints("pads", pad, pad, pad, pad));
        return x = activate(name, linear, layer.activation());
    }

    @Override
    public String pool(Pool layer) {
        if (!layer.max() && layer.pad() > 0) {
            throw new IllegalStateException(layer.name() + ": average pooling over padding has no ONNX form here");
        }
        int size = layer.size();
        int stride = layer.stride();
        int pad = layer.pad();
        return x = onnx.node(layer.max() ? "MaxPool" : "AveragePool", layer.name(), List.of(x), OnnxGraph.ints("kernel_shape", size, size),
                OnnxGraph.ints("strides", stride, stride), OnnxGraph.ints("pads", pad, pad, pad, pad));
    }

    @Override
    public String globalAvgPool(GlobalAvgPool layer) {
        String pooled = onnx.node("GlobalAveragePool", layer.name() + "_pooled", List.of(x));
        return x = onnx.node("Flatten", layer.name(), List.of(pooled), OnnxGraph.integer("axis", 1));
    }

    @Override
    public String batchNorm(BatchNorm layer) {
        String name = layer.name();
        String linear = SameDiffGraph.linearName(name, layer.activation());
        onnx.node("BatchNormalization", linear, List.of(x, constant(name + "_gamma"), constant(name + "_beta"),
                constant(name + "_mean"), constant(name + "_var")), OnnxGraph.real("epsilon", SameDiffGraph.BATCH_NORM_EPSILON));
        return x = activate(name, linear, layer.activation());
    }

    @Override
    public String localResponseNorm(LocalResponseNorm layer) {
        return x = onnx.node("LRN", layer.name(), List.of(x), OnnxGraph.integer("size", layer.size()),
                OnnxGraph.real("alpha", layer.alpha()), OnnxGraph.real("beta", layer.beta()), OnnxGraph.real("bias", 1));
    }

    /** The identity when answering: nothing to write. */
    @Override
    public String dropout(Dropout layer) {
        return x;
    }

    @Override
    public String residual(Residual layer) {
        String input = x;
        write(layer.body());
        String branch = x;
        if (!layer.shortcut().isEmpty()) {
            x = input;
            write(layer.shortcut());
            input = x;
        }
        String sum = onnx.node("Add", SameDiffGraph.linearName(layer.name(), layer.activation()), List.of(branch, input));
        return x = activate(layer.name(), sum, layer.activation());
    }

    @Override
    public String dense(Dense layer) {
        if (!layer.input().flat()) {
            x = onnx.node("Flatten", layer.name() + "_flat", List.of(x), OnnxGraph.integer("axis", 1));
        }
        String linear = SameDiffGraph.linearName(layer.name(), layer.activation());
        onnx.node("Gemm", linear, List.of(x, constant(layer.parameterName() + "_W"), constant(layer.parameterName() + "_b")));
        return x = activate(layer.name(), linear, layer.activation());
    }

    @Override
    public String softmax(Softmax layer) {
        return x = onnx.node("Softmax", GraphNames.PROBABILITIES, List.of(x), OnnxGraph.integer("axis", 1));
    }

    private INDArray array(String name) {
        return InferenceGraph.saved(saved, name, state.get(name));
    }

    /** A saved array as a constant of the ONNX graph, as it is. */
    private String constant(String name) {
        return onnx.constant(name, array(name));
    }

    private String activate(String name, String linear, Activation activation) {
        return switch (activation) {
            case NONE -> linear;
            case RELU -> onnx.node("Relu", name, List.of(linear));
            case TANH -> onnx.node("Tanh", name, List.of(linear));
            case SIGMOID -> onnx.node("Sigmoid", name, List.of(linear));
        };
    }
}
