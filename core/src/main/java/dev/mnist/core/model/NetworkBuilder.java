package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.nd4j.DeclarableRelu;
import dev.mnist.core.nd4j.DeclarableTanh;
import dev.mnist.core.nd4j.TrainableBatchNorm;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.weightinit.WeightInitScheme;
import org.nd4j.weightinit.impl.OneInitScheme;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * Lays out a network layer by layer, computing each layer's output shape, parameters and forward
 * FLOPs as it goes. It builds nothing in {@link #plan} mode, so sizes can be checked and described
 * without allocating a weight; {@link #training} builds the SameDiff graph that learns (fresh
 * weights, batch statistics, dropout on) and {@link #inference} the one that answers, from a
 * model's saved arrays (running statistics, dropout off). Both have the same variable names.
 * {@link #onnx} lays the answering network out as an {@link OnnxGraph} instead, with the same names.
 * <p>
 * Names: a layer's output is the graph variable of the layer's name; its weights are
 * {@code NAME_W} ({@code [kH, kW, in, out]} for convolutions, {@code [in, out]} for dense layers)
 * and {@code NAME_b}; batch normalisation's are {@code NAME_gamma}, {@code NAME_beta} and the
 * running statistics {@code NAME_mean}, {@code NAME_var}; with an activation, the pre-activation
 * output is {@code NAME_linear}. The classifier's are {@code output_W}, {@code output_b}, then
 * {@link GraphNames#LOGITS}, {@link GraphNames#PROBABILITIES} and {@link GraphNames#LOSS}. FLOPs
 * count a multiply-add as two, in convolutions and dense layers only.
 */
public final class NetworkBuilder {
    /** PyTorch's default. */
    static final double BATCH_NORM_EPSILON = 1e-5;

    /** What follows a convolution, a dense layer, a normalisation or a residual sum. */
    public enum Activation { NONE, RELU, TANH, SIGMOID }

    /** One layer as {@code mnist models} lists it. */
    public record LayerSummary(String name, LayerKind kind, String output, long parameters, long flops) {
    }

    /**
     * A batch normalisation's statistics in a training graph: the batch's mean and (biased) variance
     * per channel, computed by the graph, and the running ones they update, which the graph keeps but
     * does not use; {@code valuesPerChannel} is the values each image gives a channel (height x width).
     */
    public record BatchStatistics(String batchMean, String batchVariance, String runningMean, String runningVariance,
                                  long valuesPerChannel) {
    }

    /**
     * A training graph's dropout mask: a placeholder of {@code [batch, perImage...]} values, each
     * 0 with probability {@code rate} and {@code 1 / (1 - rate)} otherwise.
     */
    public record DropoutMask(String placeholder, double rate, long[] perImage) {
        /** The mask's shape for a batch of {@code batch} images (-1: any). */
        public long[] shape(long batch) {
            long[] shape = new long[perImage.length + 1];
            shape[0] = batch;
            System.arraycopy(perImage, 0, shape, 1, perImage.length);
            return shape;
        }
    }

    private final SameDiff sd;
    /** The arrays an inference graph is built from; null when weights are fresh. */
    private final Map<String, INDArray> saved;
    /** The training loss's label smoothing: each one-hot label becomes (1 - e) of itself plus e / classes. */
    private double labelSmoothing;
    private SDVariable x;
    /** The ONNX graph being written, and the name of the tensor that is the current output in it; null unless exporting. */
    private final OnnxGraph onnx;
    private String onnxX;
    private int channels;
    private int height;
    private int width;
    /** The length of a flattened output; 0 while the output is still channels x height x width. */
    private long features;
    private long parameters;
    private long flops;
    private final Map<String, long[]> state = new LinkedHashMap<>();
    private final List<BatchStatistics> batchStatistics = new ArrayList<>();
    private final List<DropoutMask> dropoutMasks = new ArrayList<>();
    private final List<Architecture.Layer> layers = new ArrayList<>();
    private final List<LayerSummary> summary = new ArrayList<>();
    /** The input side the layers so far need for an output of a given side (see {@link #minimumSide}). */
    private IntUnaryOperator sideNeeded = IntUnaryOperator.identity();

    private NetworkBuilder(SameDiff sd, Map<String, INDArray> saved, InputShape input, OnnxGraph onnx) {
        this.sd = sd;
        this.saved = saved;
        this.onnx = onnx;
        this.channels = input.channels();
        this.height = input.height();
        this.width = input.width();
    }

    /** Shapes, parameters and FLOPs only: no graph, no weights. */
    public static NetworkBuilder plan(InputShape input) {
        return new NetworkBuilder(null, null, input, null);
    }

    /**
     * The graph that learns: fresh weights drawn from {@code seed}, batch normalisation by each
     * batch's statistics, dropout active; the placeholders {@code input} and {@code label}.
     */
    public static NetworkBuilder training(InputShape input, int classes, long seed) {
        return training(input, classes, seed, 0);
    }

    /** The same, its loss computed against labels smoothed by {@code labelSmoothing} (0 to below 1). */
    public static NetworkBuilder training(InputShape input, int classes, long seed, double labelSmoothing) {
        Nd4j.getRandom().setSeed(seed);
        NetworkBuilder builder = withPlaceholders(new NetworkBuilder(SameDiff.create(), null, input, null), input, classes);
        builder.labelSmoothing = labelSmoothing;
        return builder;
    }

    /**
     * The graph that answers, its parameters and running statistics the arrays given by name (used
     * as they are, not copied): batch normalisation by the running statistics, no dropout.
     */
    public static NetworkBuilder inference(InputShape input, int classes, Map<String, INDArray> saved) {
        SameDiff sd = SameDiff.create();
        // SameDiff's default holders copy every array they are given, to hand each GPU its own: AlexNet's
        // 232 MB twice over and 0.5 s of its cold start. An inference graph answers on one thread.
        sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
        return withPlaceholders(new NetworkBuilder(sd, Map.copyOf(saved), input, null), input, classes);
    }

    /**
     * The answering network written into {@code graph}, made of a model's arrays: it reads the tensor
     * {@code inputName} (already in the graph) and ends in {@code logits} and {@code probabilities}.
     */
    public static NetworkBuilder onnx(InputShape input, Map<String, INDArray> saved, OnnxGraph graph, String inputName) {
        NetworkBuilder builder = new NetworkBuilder(null, Map.copyOf(saved), input, graph);
        builder.onnxX = inputName;
        return builder;
    }

    private static NetworkBuilder withPlaceholders(NetworkBuilder builder, InputShape input, int classes) {
        builder.x = builder.sd.placeHolder(GraphNames.INPUT, DataType.FLOAT, -1, input.channels(), input.height(), input.width());
        builder.sd.placeHolder(GraphNames.LABEL, DataType.FLOAT, -1, classes);
        return builder;
    }

    private boolean training() {
        return saved == null;
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
        window(kernel, stride, pad);
        int in = channels;
        height = positive(name, Math.floorDiv(height + 2 * pad - kernel, stride) + 1);
        width = positive(name, Math.floorDiv(width + 2 * pad - kernel, stride) + 1);
        channels = out;
        long weights = (long) kernel * kernel * in * out;
        // A kernel sees in*K*K inputs and feeds out*K*K outputs (not the whole image's pixels).
        SDVariable w = parameter(name + "_W", new XavierInitScheme('c', in * kernel * kernel, out * kernel * kernel),
                kernel, kernel, in, out);
        SDVariable b = parameter(name + "_b", new ZeroInitScheme(), out);
        String linear = linearName(name, activation);
        if (sd != null) {
            Conv2DConfig config = Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(pad).pW(pad).build();
            x = activate(name, sd.cnn().conv2d(linear, x, w, b, config), activation);
        }
        if (onnx != null) {
            String weightsOut = onnx.constant(name + "_W", savedArray(name + "_W", state.get(name + "_W")).permute(3, 2, 0, 1));
            onnx.node("Conv", linear, List.of(onnxX, weightsOut, onnxConstant(name + "_b")), OnnxGraph.ints("kernel_shape", kernel, kernel),
                    OnnxGraph.ints("strides", stride, stride), OnnxGraph.ints("pads", pad, pad, pad, pad));
            onnxX = onnxActivate(name, linear, activation);
        }
        return add(name, LayerKind.CONV, name + "_W", name + "_b", weights + out, 2 * weights * height * width);
    }

    /** The largest value of each {@code size x size} window, stride {@code size}. */
    public NetworkBuilder maxPool(String name, int size) {
        return maxPool(name, size, size, 0);
    }

    /** The largest value of each {@code size x size} window, {@code stride} apart, over the input padded by {@code pad}. */
    public NetworkBuilder maxPool(String name, int size, int stride, int pad) {
        return pool(name, size, stride, pad, true);
    }

    /** The mean of each {@code size x size} window, stride {@code size}. */
    public NetworkBuilder avgPool(String name, int size) {
        return pool(name, size, size, 0, false);
    }

    private NetworkBuilder pool(String name, int size, int stride, int pad, boolean max) {
        spatial(name);
        window(size, stride, pad);
        height = positive(name, Math.floorDiv(height + 2 * pad - size, stride) + 1);
        width = positive(name, Math.floorDiv(width + 2 * pad - size, stride) + 1);
        if (sd != null) {
            Pooling2DConfig config = Pooling2DConfig.builder().kH(size).kW(size).sH(stride).sW(stride).pH(pad).pW(pad).build();
            x = max ? sd.cnn().maxPooling2d(name, x, config) : sd.cnn().avgPooling2d(name, x, config);
        }
        if (onnx != null) {
            if (!max && pad > 0) {
                throw new IllegalStateException(name + ": average pooling over padding has no ONNX form here");
            }
            onnxX = onnx.node(max ? "MaxPool" : "AveragePool", name, List.of(onnxX), OnnxGraph.ints("kernel_shape", size, size),
                    OnnxGraph.ints("strides", stride, stride), OnnxGraph.ints("pads", pad, pad, pad, pad));
        }
        return add(name, LayerKind.POOL, null, null, 0, 0);
    }

    /** The mean of each channel over the whole image: {@code C x H x W} becomes {@code C} features. */
    public NetworkBuilder globalAvgPool(String name) {
        spatial(name);
        if (sd != null) {
            x = x.mean(name, 2, 3);
        }
        if (onnx != null) {
            String pooled = onnx.node("GlobalAveragePool", name + "_pooled", List.of(onnxX));
            onnxX = onnx.node("Flatten", name, List.of(pooled), OnnxGraph.integer("axis", 1));
        }
        features = channels;
        return add(name, LayerKind.POOL, null, null, 0, 0);
    }

    /**
     * Batch normalisation of each channel, then the activation: {@code gamma (x - mean) / sqrt(var
     * + 1e-5) + beta}. Training normalises by the batch's mean and variance (and moves the running
     * ones towards them, see {@link BatchStatistics}); inference by the running ones.
     */
    public NetworkBuilder batchNorm(String name, Activation activation) {
        spatial(name);
        int c = channels;
        SDVariable gamma = parameter(name + "_gamma", new OneInitScheme('c'), c);
        SDVariable beta = parameter(name + "_beta", new ZeroInitScheme(), c);
        SDVariable runningMean = statistic(name + "_mean", 0, c);
        SDVariable runningVariance = statistic(name + "_var", 1, c);
        batchStatistics.add(new BatchStatistics(name + "_batch_mean", name + "_batch_var", name + "_mean", name + "_var",
                (long) height * width));
        String linear = linearName(name, activation);
        if (sd != null) {
            SDVariable normalised;
            if (training()) {
                SDVariable[] moments = sd.math().moments(new String[]{name + "_batch_mean", name + "_batch_var"}, x,
                        new int[]{0, 2, 3}, false);
                normalised = TrainableBatchNorm.apply(linear, x, moments[0], moments[1], gamma, beta, BATCH_NORM_EPSILON, 1);
            } else {
                normalised = sd.nn().batchNorm(linear, x, runningMean, runningVariance, gamma, beta, BATCH_NORM_EPSILON, 1);
            }
            x = activate(name, normalised, activation);
        }
        if (onnx != null) {
            onnx.node("BatchNormalization", linear, List.of(onnxX, onnxConstant(name + "_gamma"), onnxConstant(name + "_beta"),
                    onnxConstant(name + "_mean"), onnxConstant(name + "_var")), OnnxGraph.real("epsilon", BATCH_NORM_EPSILON));
            onnxX = onnxActivate(name, linear, activation);
        }
        return add(name, LayerKind.BATCH_NORM, name + "_gamma", name + "_beta", 2L * c, 0);
    }

    /**
     * Caffe's local response normalisation across channels (AlexNet's): each value divided by
     * {@code (1 + alpha/size * sum of squares over the size channels around it)^beta}. Built of
     * plain ops (the sums as a 1x1 convolution by a band of ones): ND4J's {@code lrn} normalises the
     * last axis, not the channels, and its gradient is wrong in 1.0.0-M2.1.
     */
    public NetworkBuilder localResponseNorm(String name, int size, double alpha, double beta) {
        spatial(name);
        if (sd != null) {
            SDVariable window = sd.constant(name + "_window", channelWindow(channels, size / 2));
            SDVariable sums = sd.cnn().conv2d(x.mul(x), window, Conv2DConfig.builder().kH(1).kW(1).build());
            x = x.mul(name, sd.math().pow(sums.mul(alpha / size).add(1), -beta));
        }
        if (onnx != null) {
            onnxX = onnx.node("LRN", name, List.of(onnxX), OnnxGraph.integer("size", size), OnnxGraph.real("alpha", alpha),
                    OnnxGraph.real("beta", beta), OnnxGraph.real("bias", 1));
        }
        return add(name, LayerKind.LOCAL_RESPONSE_NORM, null, null, 0, 0);
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

    /**
     * Dropout: in training, each value is multiplied by its entry in the placeholder {@code NAME_mask}
     * (see {@link DropoutMask}), which the training loop fills; in inference, the identity. (ND4J's
     * dropout ops cannot be differentiated in 1.0.0-M2.1, nor seeded per batch in a graph.)
     */
    public NetworkBuilder dropout(String name, double rate) {
        DropoutMask mask = new DropoutMask(name + "_mask", rate,
                features > 0 ? new long[]{features} : new long[]{channels, height, width});
        dropoutMasks.add(mask);
        if (sd != null) {
            if (training()) {
                x = x.mul(name, sd.placeHolder(mask.placeholder(), DataType.FLOAT, mask.shape(-1)));
            } else {
                x = sd.identity(name, x);
            }
        }
        return add(name, LayerKind.DROPOUT, null, null, 0, 0);
    }

    /**
     * A residual block: {@code activation(body(x) + shortcut(x))}. The shortcut is {@code x} itself
     * when the body keeps its shape, else a strided 1x1 convolution with batch normalisation
     * ({@code NAME_shortcut}, {@code NAME_shortcut_bn}) to the body's output shape.
     */
    public NetworkBuilder residual(String name, Consumer<NetworkBuilder> body, Activation activation) {
        spatial(name);
        IntUnaryOperator inputNeeds = sideNeeded;
        SDVariable input = x;
        String onnxInput = onnxX;
        int inChannels = channels;
        int inHeight = height;
        int inWidth = width;
        body.accept(this);
        spatial(name);
        SDVariable branch = x;
        String onnxBranch = onnxX;
        IntUnaryOperator bodyNeeds = sideNeeded;
        if (channels != inChannels || height != inHeight || width != inWidth) {
            int stride = (inHeight + height - 1) / height;
            int outChannels = channels;
            int outHeight = height;
            int outWidth = width;
            x = input;
            onnxX = onnxInput;
            channels = inChannels;
            height = inHeight;
            width = inWidth;
            sideNeeded = inputNeeds;
            conv(name + "_shortcut", outChannels, 1, stride, 0, Activation.NONE).batchNorm(name + "_shortcut_bn", Activation.NONE);
            if (height != outHeight || width != outWidth) {
                throw new IllegalStateException(name + ": no 1x1 shortcut matches the body's " + outHeight + "x" + outWidth + " output");
            }
            input = x;
            onnxInput = onnxX;
            IntUnaryOperator shortcutNeeds = sideNeeded;
            sideNeeded = side -> Math.max(bodyNeeds.applyAsInt(side), shortcutNeeds.applyAsInt(side));
        }
        String linear = linearName(name, activation);
        if (sd != null) {
            x = activate(name, branch.add(linear, input), activation);
        }
        if (onnx != null) {
            onnxX = onnxActivate(name, onnx.node("Add", linear, List.of(onnxBranch, onnxInput)), activation);
        }
        return add(name, LayerKind.RESIDUAL, null, null, 0, 0);
    }

    /** A fully connected layer to {@code out} features; a spatial input is flattened first. */
    public NetworkBuilder dense(String name, int out, Activation activation) {
        return dense(name, name, out, activation);
    }

    /** The classifier: a dense layer to the classes (logits), softmax probabilities, softmax cross-entropy loss. */
    public NetworkBuilder classifier(int classes) {
        dense("output", GraphNames.LOGITS, classes, Activation.NONE);
        if (sd != null) {
            sd.nn().softmax(GraphNames.PROBABILITIES, x, 1);
            sd.loss().softmaxCrossEntropy(GraphNames.LOSS, sd.getVariable(GraphNames.LABEL), x, null,
                    LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, labelSmoothing);
            sd.setLossVariables(GraphNames.LOSS);
        }
        if (onnx != null) {
            onnxX = onnx.node("Softmax", GraphNames.PROBABILITIES, List.of(onnxX), OnnxGraph.integer("axis", 1));
        }
        return add(GraphNames.PROBABILITIES, LayerKind.SOFTMAX, null, null, 0, 0);
    }

    private NetworkBuilder dense(String parameterName, String outputName, int out, Activation activation) {
        long in = features > 0 ? features : (long) channels * height * width;
        if (features == 0 && sd != null) {
            x = x.reshape(-1, in);
        }
        if (features == 0 && onnx != null) {
            onnxX = onnx.node("Flatten", outputName + "_flat", List.of(onnxX), OnnxGraph.integer("axis", 1));
        }
        features = out;
        SDVariable w = parameter(parameterName + "_W", new XavierInitScheme('c', in, out), in, out);
        SDVariable b = parameter(parameterName + "_b", new ZeroInitScheme(), out);
        String linear = linearName(outputName, activation);
        if (sd != null) {
            // Not sd.nn().linear: its XwPlusB gradient is wrong in 1.0.0-M2.1 (deeplearning4j#9869).
            x = activate(outputName, x.mmul(w).add(linear, b), activation);
        }
        if (onnx != null) {
            onnx.node("Gemm", linear, List.of(onnxX, onnxConstant(parameterName + "_W"), onnxConstant(parameterName + "_b")));
            onnxX = onnxActivate(outputName, linear, activation);
        }
        return add(outputName, LayerKind.DENSE, parameterName + "_W", parameterName + "_b", in * out + out, 2 * in * out);
    }

    /** A trained parameter: fresh in a training graph, the saved array in an inference graph. */
    private SDVariable parameter(String name, WeightInitScheme init, long... shape) {
        state.put(name, shape);
        if (sd == null) {
            return null;
        }
        return training() ? sd.var(name, init, DataType.FLOAT, shape) : sd.var(name, savedArray(name, shape));
    }

    /**
     * A running statistic: kept in the graph as a constant (the updater must not train it), set by
     * the training loop, starting at {@code initial}; the saved array in an inference graph.
     */
    private SDVariable statistic(String name, double initial, long... shape) {
        state.put(name, shape);
        if (sd == null) {
            return null;
        }
        return sd.constant(name, training() ? Nd4j.valueArrayOf(shape, initial, DataType.FLOAT) : savedArray(name, shape));
    }

    private INDArray savedArray(String name, long[] shape) {
        INDArray array = saved.get(name);
        if (array == null || !Arrays.equals(array.shape(), shape)) {
            throw new IllegalArgumentException("no saved array " + name + " of shape " + Arrays.toString(shape));
        }
        return array;
    }

    /** A layer's output before its activation: the layer's own name when it has none. */
    private static String linearName(String name, Activation activation) {
        return activation == Activation.NONE ? name : name + "_linear";
    }

    /** A saved array as a constant of the ONNX graph, as it is. */
    private String onnxConstant(String name) {
        return onnx.constant(name, savedArray(name, state.get(name)));
    }

    private String onnxActivate(String name, String linear, Activation activation) {
        return switch (activation) {
            case NONE -> linear;
            case RELU -> onnx.node("Relu", name, List.of(linear));
            case TANH -> onnx.node("Tanh", name, List.of(linear));
            case SIGMOID -> onnx.node("Sigmoid", name, List.of(linear));
        };
    }

    private SDVariable activate(String name, SDVariable linear, Activation activation) {
        return switch (activation) {
            case NONE -> linear;
            case RELU -> DeclarableRelu.apply(name, linear);
            case TANH -> DeclarableTanh.apply(name, linear);
            case SIGMOID -> sd.nn().sigmoid(name, linear);
        };
    }

    private NetworkBuilder add(String name, LayerKind kind, String weights, String bias, long layerParameters, long layerFlops) {
        parameters += layerParameters;
        flops += layerFlops;
        layers.add(new Architecture.Layer(name, kind, weights, bias));
        summary.add(new LayerSummary(name, kind, features > 0 ? Long.toString(features) : channels + "x" + height + "x" + width,
                layerParameters, layerFlops));
        return this;
    }

    /**
     * A window of {@code size} moved {@code stride} at a time over the input padded by {@code pad}:
     * an output of side m needs an input side of {@code (m - 1) stride + size - 2 pad}, and at least 1.
     */
    private void window(int size, int stride, int pad) {
        IntUnaryOperator before = sideNeeded;
        sideNeeded = side -> before.applyAsInt(Math.max(1, (side - 1) * stride + size - 2 * pad));
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

    /** The smallest input height and width whose every layer has an output, computed back from an output of 1. */
    public int minimumSide() {
        return sideNeeded.applyAsInt(1);
    }

    public long parameters() {
        return parameters;
    }

    public long flops() {
        return flops;
    }

    /** Every array a model of this network keeps (its parameters and running statistics), by name, with its shape. */
    public Map<String, long[]> state() {
        return java.util.Collections.unmodifiableMap(state);
    }

    /** The batch normalisations, whose running statistics the training loop updates from a training graph's batches. */
    public List<BatchStatistics> batchStatistics() {
        return List.copyOf(batchStatistics);
    }

    /** The dropout masks a training graph takes besides its input, in the order of its layers. */
    public List<DropoutMask> dropoutMasks() {
        return List.copyOf(dropoutMasks);
    }

    public List<Architecture.Layer> layers() {
        return List.copyOf(layers);
    }

    public List<LayerSummary> summary() {
        return List.copyOf(summary);
    }
}
