package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a network layer by layer, computing each layer's output shape, parameters and forward
 * FLOPs as it goes; in {@link #graph} mode it also builds the SameDiff graph, in {@link #plan} mode
 * it builds nothing, so sizes can be checked and described without allocating a weight.
 * <p>
 * Names: a layer's output is the graph variable of the layer's name; its weights are
 * {@code NAME_W} ({@code [kH, kW, in, out]} for convolutions, {@code [in, out]} for dense layers)
 * and {@code NAME_b}; with an activation, the pre-activation output is {@code NAME_linear}. The
 * classifier's are {@code output_W}, {@code output_b}, then {@link GraphNames#LOGITS},
 * {@link GraphNames#PROBABILITIES} and {@link GraphNames#LOSS}. FLOPs count a multiply-add as two,
 * in convolutions and dense layers only.
 */
public final class NetworkBuilder {
    /** What follows a convolution or a dense layer. */
    public enum Activation { NONE, RELU, TANH, SIGMOID }

    /** One layer as {@code mnist models} lists it. */
    public record LayerSummary(String name, String kind, String output, long parameters, long flops) {
    }

    private final SameDiff sd;
    private SDVariable x;
    private int channels;
    private int height;
    private int width;
    /** The length of a flattened output; 0 while the output is still channels x height x width. */
    private long features;
    private long parameters;
    private long flops;
    private final List<Architecture.Layer> layers = new ArrayList<>();
    private final List<LayerSummary> summary = new ArrayList<>();

    private NetworkBuilder(SameDiff sd, InputShape input) {
        this.sd = sd;
        this.channels = input.channels();
        this.height = input.height();
        this.width = input.width();
    }

    /** Shapes, parameters and FLOPs only: no graph, no weights. */
    public static NetworkBuilder plan(InputShape input) {
        return new NetworkBuilder(null, input);
    }

    /** A graph with fresh weights drawn from {@code seed}, and the placeholders {@code input} and {@code label}. */
    public static NetworkBuilder graph(InputShape input, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        SameDiff sd = SameDiff.create();
        NetworkBuilder builder = new NetworkBuilder(sd, input);
        builder.x = sd.placeHolder(GraphNames.INPUT, DataType.FLOAT, -1, input.channels(), input.height(), input.width());
        sd.placeHolder(GraphNames.LABEL, DataType.FLOAT, -1, classes);
        return builder;
    }

    /** A {@code kernel x kernel} convolution to {@code out} channels, stride 1, no padding. */
    public NetworkBuilder conv(String name, int out, int kernel, Activation activation) {
        return conv(name, out, kernel, 1, 0, activation);
    }

    /**
     * A {@code kernel x kernel} convolution to {@code out} channels, moving {@code stride} pixels at
     * a time over the input with {@code pad} zeros around each side (zero padding is part of the
     * convolution: one op, not two).
     */
    public NetworkBuilder conv(String name, int out, int kernel, int stride, int pad, Activation activation) {
        spatial(name);
        int in = channels;
        height = positive(name, Math.floorDiv(height + 2 * pad - kernel, stride) + 1);
        width = positive(name, Math.floorDiv(width + 2 * pad - kernel, stride) + 1);
        channels = out;
        long weights = (long) kernel * kernel * in * out;
        if (sd != null) {
            // A kernel sees in*K*K inputs and feeds out*K*K outputs (not the whole image's pixels).
            SDVariable w = sd.var(name + "_W", new XavierInitScheme('c', in * kernel * kernel, out * kernel * kernel),
                    DataType.FLOAT, kernel, kernel, in, out);
            SDVariable b = sd.var(name + "_b", new ZeroInitScheme(), DataType.FLOAT, out);
            String linear = activation == Activation.NONE ? name : name + "_linear";
            Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(pad).pW(pad).build();
            x = activate(name, sd.cnn().conv2d(linear, x, w, b, config), activation);
        }
        return add(name, "conv", name + "_W", name + "_b", weights + out, 2 * weights * height * width);
    }

    /** The largest value of each {@code size x size} window, stride {@code size}. */
    public NetworkBuilder maxPool(String name, int size) {
        return pool(name, size, true);
    }

    /** The mean of each {@code size x size} window, stride {@code size}. */
    public NetworkBuilder avgPool(String name, int size) {
        return pool(name, size, false);
    }

    private NetworkBuilder pool(String name, int size, boolean max) {
        spatial(name);
        height = positive(name, Math.floorDiv(height - size, size) + 1);
        width = positive(name, Math.floorDiv(width - size, size) + 1);
        if (sd != null) {
            Pooling2DConfig config = Pooling2DConfig.builder().kH(size).kW(size).sH(size).sW(size).build();
            x = max ? sd.cnn().maxPooling2d(name, x, config) : sd.cnn().avgPooling2d(name, x, config);
        }
        return add(name, "pool", null, null, 0, 0);
    }

    /** A fully connected layer to {@code out} features; a spatial input is flattened first. */
    public NetworkBuilder dense(String name, int out, Activation activation) {
        return dense(name, name, out, activation, "dense");
    }

    /** The classifier: a dense layer to the classes (logits), softmax probabilities, softmax cross-entropy loss. */
    public NetworkBuilder classifier(int classes) {
        dense("output", GraphNames.LOGITS, classes, Activation.NONE, "dense");
        if (sd != null) {
            sd.nn().softmax(GraphNames.PROBABILITIES, x, 1);
            sd.loss().softmaxCrossEntropy(GraphNames.LOSS, sd.getVariable(GraphNames.LABEL), x, null);
            sd.setLossVariables(GraphNames.LOSS);
        }
        return add(GraphNames.PROBABILITIES, "softmax", null, null, 0, 0);
    }

    private NetworkBuilder dense(String parameterName, String outputName, int out, Activation activation, String kind) {
        long in = features > 0 ? features : (long) channels * height * width;
        if (features == 0 && sd != null) {
            x = x.reshape(-1, in);
        }
        features = out;
        if (sd != null) {
            SDVariable w = sd.var(parameterName + "_W", new XavierInitScheme('c', in, out), DataType.FLOAT, in, out);
            SDVariable b = sd.var(parameterName + "_b", new ZeroInitScheme(), DataType.FLOAT, out);
            String linear = activation == Activation.NONE ? outputName : outputName + "_linear";
            // Not sd.nn().linear: its XwPlusB gradient is wrong in 1.0.0-M2.1 (deeplearning4j#9869).
            x = activate(outputName, x.mmul(w).add(linear, b), activation);
        }
        return add(outputName, kind, parameterName + "_W", parameterName + "_b", in * out + out, 2 * in * out);
    }

    private SDVariable activate(String name, SDVariable linear, Activation activation) {
        return switch (activation) {
            case NONE -> linear;
            case RELU -> sd.nn().relu(name, linear, 0);
            case TANH -> sd.nn().tanh(name, linear);
            case SIGMOID -> sd.nn().sigmoid(name, linear);
        };
    }

    private NetworkBuilder add(String name, String kind, String weights, String bias, long layerParameters, long layerFlops) {
        parameters += layerParameters;
        flops += layerFlops;
        layers.add(new Architecture.Layer(name, kind, weights, bias));
        summary.add(new LayerSummary(name, kind, features > 0 ? Long.toString(features) : channels + "x" + height + "x" + width,
                layerParameters, layerFlops));
        return this;
    }

    private void spatial(String name) {
        if (features > 0) {
            throw new IllegalStateException(name + ": a spatial layer after a dense one");
        }
    }

    private int positive(String layer, int size) {
        if (size < 1) {
            throw new InvalidInputException(layer + " has no output for this input size");
        }
        return size;
    }

    public SameDiff graph() {
        if (sd == null) {
            throw new IllegalStateException("a plan builds no graph");
        }
        return sd;
    }

    public long parameters() {
        return parameters;
    }

    public long flops() {
        return flops;
    }

    public List<Architecture.Layer> layers() {
        return List.copyOf(layers);
    }

    public List<LayerSummary> summary() {
        return List.copyOf(summary);
    }
}
