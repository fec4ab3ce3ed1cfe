package dev.mnist.core.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;

import java.util.List;

/**
 * DIGITS' and DL4J's LeNet: conv 5x5x20 → max-pool 2 → conv 5x5x50 → max-pool 2 →
 * dense 500 ReLU → dense to the classes, with softmax cross-entropy on the logits.
 */
final class LeNet implements Architecture {
    private static final int KERNEL = 5;
    private static final int POOL = 2;

    @Override
    public String name() {
        return "lenet";
    }

    @Override
    public String description() {
        return "conv5x5x20, maxpool2, conv5x5x50, maxpool2, dense500 relu, dense softmax";
    }

    @Override
    public SameDiff build(InputShape shape, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        SameDiff sd = SameDiff.create();
        SDVariable input = sd.placeHolder(GraphNames.INPUT, DataType.FLOAT, -1, shape.channels(), shape.height(), shape.width());
        SDVariable label = sd.placeHolder(GraphNames.LABEL, DataType.FLOAT, -1, classes);

        int height = shape.height();
        int width = shape.width();
        SDVariable x = conv(sd, "conv1", input, shape.channels(), 20, height, width);
        height = (height - KERNEL + 1) / POOL;
        width = (width - KERNEL + 1) / POOL;
        x = sd.cnn().maxPooling2d("pool1", x, pooling());
        x = conv(sd, "conv2", x, 20, 50, height, width);
        height = (height - KERNEL + 1) / POOL;
        width = (width - KERNEL + 1) / POOL;
        x = sd.cnn().maxPooling2d("pool2", x, pooling());

        int flat = 50 * height * width;
        x = x.reshape(-1, flat);
        x = sd.nn().relu("dense1", dense(sd, "dense1", "dense1_linear", x, flat, 500), 0);
        SDVariable logits = dense(sd, "output", GraphNames.LOGITS, x, 500, classes);
        sd.nn().softmax(GraphNames.PROBABILITIES, logits, 1);
        sd.loss().softmaxCrossEntropy(GraphNames.LOSS, label, logits, null);
        sd.setLossVariables(GraphNames.LOSS);
        return sd;
    }

    @Override
    public int minimumSide() {
        // conv 5 and pool 2, twice, must leave at least one pixel: ((16 - 4) / 2 - 4) / 2 = 1.
        return 16;
    }

    @Override
    public long parameterCount(InputShape shape, int classes) {
        long height = ((shape.height() - KERNEL + 1) / POOL - KERNEL + 1) / POOL;
        long width = ((shape.width() - KERNEL + 1) / POOL - KERNEL + 1) / POOL;
        long flat = 50 * height * width;
        return (shape.channels() * KERNEL * KERNEL * 20L + 20) + (20L * KERNEL * KERNEL * 50 + 50)
                + (flat * 500 + 500) + (500L * classes + classes);
    }

    @Override
    public List<Layer> layers() {
        return List.of(new Layer("conv1", "conv", "conv1_W", "conv1_b"), new Layer("pool1", "pool", null, null),
                new Layer("conv2", "conv", "conv2_W", "conv2_b"), new Layer("pool2", "pool", null, null),
                new Layer("dense1", "dense", "dense1_W", "dense1_b"), new Layer(GraphNames.LOGITS, "dense", "output_W", "output_b"),
                new Layer(GraphNames.PROBABILITIES, "softmax", null, null));
    }

    private static SDVariable conv(SameDiff sd, String name, SDVariable x, int in, int out, int height, int width) {
        // A kernel sees in*K*K inputs and feeds out*K*K outputs (not the whole image's pixels).
        SDVariable weights = sd.var(name + "_W", new XavierInitScheme('c', in * KERNEL * KERNEL, out * KERNEL * KERNEL),
                DataType.FLOAT, KERNEL, KERNEL, in, out);
        SDVariable bias = sd.var(name + "_b", new ZeroInitScheme(), DataType.FLOAT, out);
        return sd.cnn().conv2d(name, x, weights, bias, Conv2DConfig.builder().kH(KERNEL).kW(KERNEL).build());
    }

    private static SDVariable dense(SameDiff sd, String layer, String outputName, SDVariable x, int in, int out) {
        SDVariable weights = sd.var(layer + "_W", new XavierInitScheme('c', in, out), DataType.FLOAT, in, out);
        SDVariable bias = sd.var(layer + "_b", new ZeroInitScheme(), DataType.FLOAT, out);
        // Not sd.nn().linear: its XwPlusB gradient is wrong in 1.0.0-M2.1 (deeplearning4j#9869).
        return x.mmul(weights).add(outputName, bias);
    }

    private static Pooling2DConfig pooling() {
        return Pooling2DConfig.builder().kH(POOL).kW(POOL).sH(POOL).sW(POOL).build();
    }
}
