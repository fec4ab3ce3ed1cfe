package dev.mnist.core.model;

import dev.mnist.core.model.NetworkBuilder.Activation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as a value: its input, its layers in order, each with its output shape, parameters and
 * forward FLOPs, and its smallest input side. An architecture's {@code define} lays it out on a
 * {@link NetworkBuilder}; {@link TrainingGraph}, {@link InferenceGraph} and {@link OnnxNetwork}
 * each build a graph of it. FLOPs count a multiply-add as two, in convolutions and dense layers only.
 * <p>
 * Names: a layer's output is the graph variable of the layer's name; its weights are
 * {@code NAME_W} ({@code [kH, kW, in, out]} for convolutions, {@code [in, out]} for dense layers)
 * and {@code NAME_b}; batch normalisation's are {@code NAME_gamma}, {@code NAME_beta} and the
 * running statistics {@code NAME_mean}, {@code NAME_var}; with an activation, the pre-activation
 * output is {@code NAME_linear}. The classifier's are {@code output_W}, {@code output_b}, then
 * {@link GraphNames#LOGITS}, {@link GraphNames#PROBABILITIES} and {@link GraphNames#LOSS}.
 */
public record Network(InputShape input, int classes, List<Layer> layers, int minimumSide) {
    public Network {
        layers = List.copyOf(layers);
    }

    /** A layer's output: {@code channels x height x width}, or {@code features} once flattened (then above 0). */
    public record Shape(int channels, int height, int width, long features) {
        static Shape of(InputShape input) {
            return new Shape(input.channels(), input.height(), input.width(), 0);
        }

        public boolean flat() {
            return features > 0;
        }

        /** The values of one image's output. */
        public long size() {
            return flat() ? features : (long) channels * height * width;
        }

        /** The per-image shape of an array of this output. */
        long[] dims() {
            return flat() ? new long[]{features} : new long[]{channels, height, width};
        }

        @Override
        public String toString() {
            return flat() ? Long.toString(features) : channels + "x" + height + "x" + width;
        }
    }

    /** One layer; {@code input} and {@code output} are its shapes. */
    public sealed interface Layer permits Conv, Pool, GlobalAvgPool, BatchNorm, LocalResponseNorm, Dropout, Residual, Dense, Softmax {
        String name();

        Shape input();

        Shape output();

        LayerKind kind();

        /** {@code visitor}'s method for this kind of layer. */
        <T> T accept(Visitor<T> visitor);

        default long parameters() {
            return 0;
        }

        default long flops() {
            return 0;
        }

        /** The arrays it keeps, by name, with their shapes. */
        default Map<String, long[]> state() {
            return Map.of();
        }

        /** It as inspection and freezing see it. */
        default Architecture.Layer described() {
            return new Architecture.Layer(name(), kind(), null, null);
        }
    }

    /**
     * What is done with each kind of layer: a graph interpreter implements every method, so a new
     * kind of layer does not compile until each interpreter handles it (Java 17's stand-in for an
     * exhaustive switch over the sealed {@link Layer}).
     */
    public interface Visitor<T> {
        T conv(Conv layer);

        T pool(Pool layer);

        T globalAvgPool(GlobalAvgPool layer);

        T batchNorm(BatchNorm layer);

        T localResponseNorm(LocalResponseNorm layer);

        T dropout(Dropout layer);

        T residual(Residual layer);

        T dense(Dense layer);

        T softmax(Softmax layer);
    }

    /** A {@code kernel x kernel} convolution to {@code output.channels()}, {@code stride} apart, the input padded by {@code pad}. */
    public record Conv(String name, Shape input, Shape output, int kernel, int stride, int pad, Activation activation)
            implements Layer {
        public long[] weightShape() {
            return new long[]{kernel, kernel, input.channels(), output.channels()};
        }

        @Override
        public LayerKind kind() {
            return LayerKind.CONV;
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.conv(this);
        }

        @Override
        public Map<String, long[]> state() {
            return ordered(name + "_W", weightShape(), name + "_b", new long[]{output.channels()});
        }

        @Override
        public Architecture.Layer described() {
            return new Architecture.Layer(name, kind(), name + "_W", name + "_b");
        }

        private long weights() {
            return (long) kernel * kernel * input.channels() * output.channels();
        }

        @Override
        public long parameters() {
            return weights() + output.channels();
        }

        @Override
        public long flops() {
            return 2 * weights() * output.height() * output.width();
        }
    }

    /** The largest value (or the mean) of each {@code size x size} window, {@code stride} apart, over the input padded by {@code pad}. */
    public record Pool(String name, Shape input, Shape output, int size, int stride, int pad, boolean max) implements Layer {
        @Override
        public LayerKind kind() {
            return LayerKind.POOL;
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.pool(this);
        }
    }

    /** The mean of each channel over the whole image: {@code C} features. */
    public record GlobalAvgPool(String name, Shape input, Shape output) implements Layer {
        @Override
        public LayerKind kind() {
            return LayerKind.POOL;
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.globalAvgPool(this);
        }
    }

    /** Batch normalisation of each channel, then the activation. */
    public record BatchNorm(String name, Shape input, Shape output, Activation activation) implements Layer {
        @Override
        public long parameters() {
            return 2L * output.channels();
        }

        @Override
        public LayerKind kind() {
            return LayerKind.BATCH_NORM;
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.batchNorm(this);
        }

        @Override
        public Map<String, long[]> state() {
            long[] perChannel = {output.channels()};
            return ordered(name + "_gamma", perChannel, name + "_beta", perChannel, name + "_mean", perChannel, name + "_var", perChannel);
        }

        @Override
        public Architecture.Layer described() {
            return new Architecture.Layer(name, kind(), name + "_gamma", name + "_beta");
        }
    }

    /** Caffe's local response normalisation across {@code size} channels. */
    public record LocalResponseNorm(String name, Shape input, Shape output, int size, double alpha, double beta) implements Layer {
        @Override
        public LayerKind kind() {
            return LayerKind.LOCAL_RESPONSE_NORM;
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.localResponseNorm(this);
        }
    }

    /** Dropout at {@code rate}: in training by a mask the training loop draws, in inference the identity. */
    public record Dropout(String name, Shape input, Shape output, double rate) implements Layer {
        public String maskName() {
            return name + "_mask";
        }

        @Override
        public LayerKind kind() {
            return LayerKind.DROPOUT;
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.dropout(this);
        }
    }

    /**
     * {@code activation(body(x) + shortcut(x))}; an empty {@code shortcut} is {@code x} itself, else
     * a strided 1x1 convolution and its batch normalisation.
     */
    public record Residual(String name, Shape input, Shape output, List<Layer> body, List<Layer> shortcut, Activation activation)
            implements Layer {
        public Residual {
            body = List.copyOf(body);
            shortcut = List.copyOf(shortcut);
        }

        @Override
        public LayerKind kind() {
            return LayerKind.RESIDUAL;
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.residual(this);
        }
    }

    /**
     * A fully connected layer to {@code output.features()}, its input flattened first where it is
     * spatial; its weights are {@code parameterName_W} and {@code parameterName_b}.
     */
    public record Dense(String name, String parameterName, Shape input, Shape output, Activation activation) implements Layer {
        public long[] weightShape() {
            return new long[]{input.size(), output.features()};
        }

        @Override
        public long parameters() {
            return input.size() * output.features() + output.features();
        }

        @Override
        public long flops() {
            return 2 * input.size() * output.features();
        }

        @Override
        public LayerKind kind() {
            return LayerKind.DENSE;
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.dense(this);
        }

        @Override
        public Map<String, long[]> state() {
            return ordered(parameterName + "_W", weightShape(), parameterName + "_b", new long[]{output.features()});
        }

        @Override
        public Architecture.Layer described() {
            return new Architecture.Layer(name, kind(), parameterName + "_W", parameterName + "_b");
        }
    }

    /** The classifier's end: softmax probabilities of the logits (and, in training, the cross-entropy loss). */
    public record Softmax(String name, Shape input, Shape output) implements Layer {
        @Override
        public LayerKind kind() {
            return LayerKind.SOFTMAX;
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.softmax(this);
        }
    }

    private static Map<String, long[]> ordered(Object... namesAndShapes) {
        Map<String, long[]> state = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            state.put((String) namesAndShapes[i], (long[]) namesAndShapes[i + 1]);
        }
        return state;
    }

    /** Every layer in the order its arrays are made: a residual block's body, then its shortcut, then the block. */
    public List<Layer> flattened() {
        List<Layer> all = new ArrayList<>();
        flatten(layers, all);
        return all;
    }

    private static void flatten(List<Layer> layers, List<Layer> into) {
        for (Layer layer : layers) {
            if (layer instanceof Residual residual) {
                flatten(residual.body(), into);
                flatten(residual.shortcut(), into);
            }
            into.add(layer);
        }
    }

    public long parameters() {
        return flattened().stream().mapToLong(Layer::parameters).sum();
    }

    public long flops() {
        return flattened().stream().mapToLong(Layer::flops).sum();
    }

    /** Every array a model of this network keeps (its parameters and running statistics), by name, with its shape. */
    public Map<String, long[]> state() {
        Map<String, long[]> state = new LinkedHashMap<>();
        flattened().forEach(layer -> state.putAll(layer.state()));
        return Collections.unmodifiableMap(state);
    }

    /**
     * A batch normalisation's statistics in a training graph: the batch's mean and (biased) variance
     * per channel, computed by the graph, and the running ones they update, which the graph keeps but
     * does not use; {@code valuesPerChannel} is the values each image gives a channel (height x width).
     */
    public record BatchStatistics(String batchMean, String batchVariance, String runningMean, String runningVariance,
                                  long valuesPerChannel) {
    }

    /** The batch normalisations, whose running statistics the training loop updates from a training graph's batches. */
    public List<BatchStatistics> batchStatistics() {
        return flattened().stream().filter(BatchNorm.class::isInstance).map(BatchNorm.class::cast)
                .map(n -> new BatchStatistics(n.name() + "_batch_mean", n.name() + "_batch_var", n.name() + "_mean", n.name() + "_var",
                        (long) n.input().height() * n.input().width()))
                .toList();
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

    /** The dropout masks a training graph takes besides its input, in the order of its layers. */
    public List<DropoutMask> dropoutMasks() {
        return flattened().stream().filter(Dropout.class::isInstance).map(Dropout.class::cast)
                .map(d -> new DropoutMask(d.maskName(), d.rate(), d.input().dims())).toList();
    }

    /** The graph's layers in order, for inspection and freezing: each names its output variable and its parameters. */
    public List<Architecture.Layer> described() {
        return flattened().stream().map(Layer::described).toList();
    }

    /** One layer as {@code mnist models} lists it. */
    public record LayerSummary(String name, LayerKind kind, String output, long parameters, long flops) {
    }

    public List<LayerSummary> summary() {
        return flattened().stream()
                .map(l -> new LayerSummary(l.name(), l.kind(), l.output().toString(), l.parameters(), l.flops())).toList();
    }
}
