package dev.mnist.core.model;

import dev.mnist.core.model.Network.BatchNorm;
import dev.mnist.core.model.Network.Conv;
import dev.mnist.core.model.Network.Dense;
import dev.mnist.core.model.Network.GlobalAvgPool;
import dev.mnist.core.model.Network.Layer;
import dev.mnist.core.model.Network.LocalResponseNorm;
import dev.mnist.core.model.Network.Pool;
import dev.mnist.core.model.Network.Residual;
import dev.mnist.core.model.Network.Softmax;
import dev.mnist.core.model.NetworkBuilder.Activation;
import dev.mnist.core.nd4j.DeclarableRelu;
import dev.mnist.core.nd4j.DeclarableTanh;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.weightinit.WeightInitScheme;
import org.nd4j.weightinit.impl.OneInitScheme;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;

import java.util.List;

/**
 * A {@link Network} as a SameDiff graph, layer by layer: what training and inference build alike.
 * {@link TrainingGraph} and {@link InferenceGraph} say where the parameters and running statistics
 * come from, how batch normalisation normalises, what dropout does and how the loss is taken.
 * The placeholders are {@link GraphNames#INPUT} and {@link GraphNames#LABEL}; variables are named
 * as {@link Network} says.
 */
abstract class SameDiffGraph implements Network.Visitor<SDVariable> {
    /** PyTorch's default. */
    static final double BATCH_NORM_EPSILON = 1e-5;

    final SameDiff sd;
    /** The current layer's output. */
    SDVariable x;

    SameDiffGraph(SameDiff sd, Network network) {
        this.sd = sd;
        InputShape input = network.input();
        x = sd.placeHolder(GraphNames.INPUT, DataType.FLOAT, -1, input.channels(), input.height(), input.width());
        sd.placeHolder(GraphNames.LABEL, DataType.FLOAT, -1, network.classes());
    }

    /** A trained parameter. */
    abstract SDVariable parameter(String name, WeightInitScheme init, long... shape);

    /** A running statistic, kept as a constant (no updater may train it); {@code initial} is its value in a fresh network. */
    abstract SDVariable statistic(String name, double initial, long... shape);

    /** The normalised values of a batch normalisation, before its activation. */
    abstract SDVariable normalised(BatchNorm layer, String linear, SDVariable gamma, SDVariable beta, SDVariable runningMean,
                                   SDVariable runningVariance);

    /** The label smoothing of the graph's loss. */
    abstract double labelSmoothing();

    SameDiff build(List<Layer> layers) {
        layers.forEach(layer -> layer.accept(this));
        return sd;
    }

    @Override
    public SDVariable conv(Conv layer) {
        String name = layer.name();
        int in = layer.input().channels();
        int out = layer.output().channels();
        int kernel = layer.kernel();
        // A kernel sees in*K*K inputs and feeds out*K*K outputs (not the whole image's pixels).
        SDVariable w = parameter(name + "_W", new XavierInitScheme('c', in * kernel * kernel, out * kernel * kernel), layer.weightShape());
        SDVariable b = parameter(name + "_b", new ZeroInitScheme(), out);
        Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(layer.stride()).sW(layer.stride())
                .pH(layer.pad()).pW(layer.pad()).build();
        return x = activate(name, sd.cnn().conv2d(linearName(name, layer.activation()), x, w, b, config), layer.activation());
    }

    @Override
    public SDVariable pool(Pool layer) {
        Pooling2DConfig config = Pooling2DConfig.builder().kH(layer.size()).kW(layer.size()).sH(layer.stride()).sW(layer.stride())
                .pH(layer.pad()).pW(layer.pad()).build();
        return x = layer.max() ? sd.cnn().maxPooling2d(layer.name(), x, config) : sd.cnn().avgPooling2d(layer.name(), x, config);
    }

    @Override
    public SDVariable globalAvgPool(GlobalAvgPool layer) {
        return x = x.mean(layer.name(), 2, 3);
    }

    @Override
    public SDVariable batchNorm(BatchNorm layer) {
        String name = layer.name();
        int c = layer.output().channels();
        SDVariable gamma = parameter(name + "_gamma", new OneInitScheme('c'), c);
        SDVariable beta = parameter(name + "_beta", new ZeroInitScheme(), c);
        SDVariable runningMean = statistic(name + "_mean", 0, c);
        SDVariable runningVariance = statistic(name + "_var", 1, c);
        String linear = linearName(name, layer.activation());
        return x = activate(name, normalised(layer, linear, gamma, beta, runningMean, runningVariance), layer.activation());
    }

    /**
     * Built of plain ops (the sums as a 1x1 convolution by a band of ones): ND4J's {@code lrn}
     * normalises the last axis, not the channels, and its gradient is wrong in 1.0.0-M2.1.
     */
    @Override
    public SDVariable localResponseNorm(LocalResponseNorm layer) {
        String name = layer.name();
        SDVariable window = sd.constant(name + "_window", channelWindow(layer.input().channels(), layer.size() / 2));
        SDVariable sums = sd.cnn().conv2d(x.mul(x), window, Conv2DConfig.builder().kH(1).kW(1).build());
        return x = x.mul(name, sd.math().pow(sums.mul(layer.alpha() / layer.size()).add(1), -layer.beta()));
    }

    /** 1x1 convolution weights {@code [1, 1, C, C]} that sum, for each channel, the channels up to {@code half} away. */
    private static INDArray channelWindow(int channels, int half) {
        float[] band = new float[channels * channels];
        for (int in = 0; in < channels; in++) {
            for (int out = Math.max(0, in - half); out <= Math.min(channels - 1, in + half); out++) {
                band[in * channels + out] = 1;
            }
        }
        return Nd4j.create(band, new long[]{1, 1, channels, channels}, 'c');
    }

    @Override
    public SDVariable residual(Residual layer) {
        SDVariable input = x;
        build(layer.body());
        SDVariable branch = x;
        if (!layer.shortcut().isEmpty()) {
            x = input;
            build(layer.shortcut());
            input = x;
        }
        return x = activate(layer.name(), branch.add(linearName(layer.name(), layer.activation()), input), layer.activation());
    }

    @Override
    public SDVariable dense(Dense layer) {
        long in = layer.input().size();
        long out = layer.output().features();
        if (!layer.input().flat()) {
            x = x.reshape(-1, in);
        }
        SDVariable w = parameter(layer.parameterName() + "_W", new XavierInitScheme('c', in, out), in, out);
        SDVariable b = parameter(layer.parameterName() + "_b", new ZeroInitScheme(), out);
        // Not sd.nn().linear: its XwPlusB gradient is wrong in 1.0.0-M2.1 (deeplearning4j#9869).
        return x = activate(layer.name(), x.mmul(w).add(linearName(layer.name(), layer.activation()), b), layer.activation());
    }

    /** Softmax probabilities of the logits, and the softmax cross-entropy loss against the labels. */
    @Override
    public SDVariable softmax(Softmax layer) {
        SDVariable probabilities = sd.nn().softmax(GraphNames.PROBABILITIES, x, 1);
        sd.loss().softmaxCrossEntropy(GraphNames.LOSS, sd.getVariable(GraphNames.LABEL), x, null,
                LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, labelSmoothing());
        sd.setLossVariables(GraphNames.LOSS);
        return probabilities;
    }

    /** A layer's output before its activation: the layer's own name when it has none. */
    static String linearName(String name, Activation activation) {
        return activation == Activation.NONE ? name : name + "_linear";
    }

    private SDVariable activate(String name, SDVariable linear, Activation activation) {
        return switch (activation) {
            case NONE -> linear;
            case RELU -> DeclarableRelu.apply(name, linear);
            case TANH -> DeclarableTanh.apply(name, linear);
            case SIGMOID -> sd.nn().sigmoid(name, linear);
        };
    }
}
