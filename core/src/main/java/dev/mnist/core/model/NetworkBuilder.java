package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.model.Network.BatchNorm;
import dev.mnist.core.model.Network.Conv;
import dev.mnist.core.model.Network.Dense;
import dev.mnist.core.model.Network.Dropout;
import dev.mnist.core.model.Network.GlobalAvgPool;
import dev.mnist.core.model.Network.Layer;
import dev.mnist.core.model.Network.LocalResponseNorm;
import dev.mnist.core.model.Network.Pool;
import dev.mnist.core.model.Network.Residual;
import dev.mnist.core.model.Network.Shape;
import dev.mnist.core.model.Network.Softmax;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * Lays a {@link Network} out layer by layer, computing each layer's output shape as it goes (a
 * layer with no output for the input is refused); it allocates nothing. {@link #network} is the
 * result; {@link #training} and {@link #inference} builders also make its SameDiff graph.
 */
public final class NetworkBuilder {
    /** What follows a convolution, a dense layer, a normalisation or a residual sum. */
    public enum Activation { NONE, RELU, TANH, SIGMOID }

    private final InputShape input;
    private int classes;
    private final Target target;
    private List<Layer> layers = new ArrayList<>();
    private Shape shape;
    /** The input side the layers so far need for an output of a given side (see {@link Network#minimumSide}). */
    private IntUnaryOperator sideNeeded = IntUnaryOperator.identity();

    /** What {@link #graph} builds from the network: nothing (a plan), a training graph or an inference one. */
    private interface Target {
        SameDiff graph(Network network);
    }

    private NetworkBuilder(InputShape input, int classes, Target target) {
        this.input = input;
        this.classes = classes;
        this.target = target;
        this.shape = Shape.of(input);
    }

    /** Shapes, parameters and FLOPs only: no graph, no weights. */
    public static NetworkBuilder plan(InputShape input) {
        return new NetworkBuilder(input, 0, network -> {
            throw new IllegalStateException("a plan builds no graph");
        });
    }

    /** A builder whose {@link #graph} is the network's {@link TrainingGraph}, fresh weights drawn from {@code seed}. */
    public static NetworkBuilder training(InputShape input, int classes, long seed) {
        return training(input, classes, seed, 0);
    }

    /** The same, its loss computed against labels smoothed by {@code labelSmoothing} (0 to below 1). */
    public static NetworkBuilder training(InputShape input, int classes, long seed, double labelSmoothing) {
        return new NetworkBuilder(input, classes, network -> TrainingGraph.build(network, seed, labelSmoothing));
    }

    /** A builder whose {@link #graph} is the network's {@link InferenceGraph}, made of the arrays given by name. */
    public static NetworkBuilder inference(InputShape input, int classes, Map<String, INDArray> saved) {
        return new NetworkBuilder(input, classes, network -> InferenceGraph.build(network, saved));
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
        Shape in = spatial(name);
        return add(new Conv(name, in, windowed(name, out, kernel, stride, pad), kernel, stride, pad, activation));
    }

    /** The largest value of each {@code size x size} window, stride {@code size}. */
    public NetworkBuilder maxPool(String name, int size) {
        return maxPool(name, size, size, 0);
    }

    /** The largest value of each {@code size x size} window, {@code stride} apart, over the input padded by {@code pad}. */
    public NetworkBuilder maxPool(String name, int size, int stride, int pad) {
        Shape in = spatial(name);
        return add(new Pool(name, in, windowed(name, in.channels(), size, stride, pad), size, stride, pad, true));
    }

    /** The mean of each {@code size x size} window, stride {@code size}. */
    public NetworkBuilder avgPool(String name, int size) {
        Shape in = spatial(name);
        return add(new Pool(name, in, windowed(name, in.channels(), size, size, 0), size, size, 0, false));
    }

    /** The mean of each channel over the whole image: {@code C x H x W} becomes {@code C} features. */
    public NetworkBuilder globalAvgPool(String name) {
        Shape in = spatial(name);
        return add(new GlobalAvgPool(name, in, new Shape(0, 0, 0, in.channels())));
    }

    /**
     * Batch normalisation of each channel, then the activation: {@code gamma (x - mean) / sqrt(var
     * + 1e-5) + beta}. Training normalises by the batch's mean and variance (and moves the running
     * ones towards them, see {@link Network.BatchStatistics}); inference by the running ones.
     */
    public NetworkBuilder batchNorm(String name, Activation activation) {
        Shape in = spatial(name);
        return add(new BatchNorm(name, in, in, activation));
    }

    /**
     * Caffe's local response normalisation across channels (AlexNet's): each value divided by
     * {@code (1 + alpha/size * sum of squares over the size channels around it)^beta}.
     */
    public NetworkBuilder localResponseNorm(String name, int size, double alpha, double beta) {
        Shape in = spatial(name);
        return add(new LocalResponseNorm(name, in, in, size, alpha, beta));
    }

    /** Dropout: in training, each value zeroed with probability {@code rate} (see {@link Network.DropoutMask}); in inference, the identity. */
    public NetworkBuilder dropout(String name, double rate) {
        return add(new Dropout(name, shape, shape, rate));
    }

    /**
     * A residual block: {@code activation(body(x) + shortcut(x))}. The shortcut is {@code x} itself
     * when the body keeps its shape, else a strided 1x1 convolution with batch normalisation
     * ({@code NAME_shortcut}, {@code NAME_shortcut_bn}) to the body's output shape.
     */
    public NetworkBuilder residual(String name, Consumer<NetworkBuilder> body, Activation activation) {
        Shape in = spatial(name);
        List<Layer> outer = layers;
        IntUnaryOperator inputNeeds = sideNeeded;
        layers = new ArrayList<>();
        body.accept(this);
        Shape out = spatial(name);
        List<Layer> bodyLayers = layers;
        List<Layer> shortcut = new ArrayList<>();
        if (!out.equals(in)) {
            IntUnaryOperator bodyNeeds = sideNeeded;
            layers = shortcut;
            shape = in;
            sideNeeded = inputNeeds;
            conv(name + "_shortcut", out.channels(), 1, (in.height() + out.height() - 1) / out.height(), 0, Activation.NONE)
                    .batchNorm(name + "_shortcut_bn", Activation.NONE);
            if (!shape.equals(out)) {
                throw new IllegalStateException(name + ": no 1x1 shortcut matches the body's " + out.height() + "x" + out.width()
                        + " output");
            }
            IntUnaryOperator shortcutNeeds = sideNeeded;
            sideNeeded = side -> Math.max(bodyNeeds.applyAsInt(side), shortcutNeeds.applyAsInt(side));
        }
        layers = outer;
        return add(new Residual(name, in, out, bodyLayers, shortcut, activation));
    }

    /** A fully connected layer to {@code out} features; a spatial input is flattened first. */
    public NetworkBuilder dense(String name, int out, Activation activation) {
        return add(new Dense(name, name, shape, new Shape(0, 0, 0, out), activation));
    }

    /** The classifier: a dense layer to the classes (logits), softmax probabilities, softmax cross-entropy loss in training. */
    public NetworkBuilder classifier(int classes) {
        this.classes = classes;
        add(new Dense(GraphNames.LOGITS, "output", shape, new Shape(0, 0, 0, classes), Activation.NONE));
        return add(new Softmax(GraphNames.PROBABILITIES, shape, shape));
    }

    /** The output of a {@code size x size} window {@code stride} apart over the input padded by {@code pad}, to {@code channels}. */
    private Shape windowed(String name, int channels, int size, int stride, int pad) {
        IntUnaryOperator before = sideNeeded;
        // An output of side m needs an input side of (m - 1) stride + size - 2 pad, and at least 1.
        sideNeeded = side -> before.applyAsInt(Math.max(1, (side - 1) * stride + size - 2 * pad));
        return new Shape(channels, positive(name, Math.floorDiv(shape.height() + 2 * pad - size, stride) + 1),
                positive(name, Math.floorDiv(shape.width() + 2 * pad - size, stride) + 1), 0);
    }

    private NetworkBuilder add(Layer layer) {
        layers.add(layer);
        shape = layer.output();
        return this;
    }

    private Shape spatial(String name) {
        if (shape.flat()) {
            throw new IllegalStateException(name + ": a spatial layer after a dense one");
        }
        return shape;
    }

    private static int positive(String layer, int size) {
        if (size < 1) {
            throw new InvalidInputException(layer + " has no output for this input size");
        }
        return size;
    }

    /** The network laid out so far. */
    public Network network() {
        return new Network(input, classes, layers, sideNeeded.applyAsInt(1));
    }

    /** The graph this builder makes of its network (a training or an inference one). */
    public SameDiff graph() {
        return target.graph(network());
    }
}
