package dev.mnist.core.model;

import dev.mnist.core.model.Network.BatchNorm;
import dev.mnist.core.model.Network.Dropout;
import dev.mnist.core.nd4j.TrainableBatchNorm;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.weightinit.WeightInitScheme;

/**
 * The graph that learns: fresh weights drawn from the seed (in the network's order, so a seed always
 * draws the same network), batch normalisation by each batch's statistics, dropout by the masks the
 * training loop draws, the loss against labels smoothed as asked.
 */
public final class TrainingGraph extends SameDiffGraph {
    private final double labelSmoothing;

    private TrainingGraph(Network network, double labelSmoothing) {
        super(SameDiff.create(), network);
        this.labelSmoothing = labelSmoothing;
    }

    public static SameDiff build(Network network, long seed, double labelSmoothing) {
        Nd4j.getRandom().setSeed(seed);
        return new TrainingGraph(network, labelSmoothing).build(network.layers());
    }

    @Override
    SDVariable parameter(String name, WeightInitScheme init, long... shape) {
        return sd.var(name, init, DataType.FLOAT, shape);
    }

    /** Set by the training loop from the batches' statistics. */
    @Override
    SDVariable statistic(String name, double initial, long... shape) {
        return sd.constant(name, Nd4j.valueArrayOf(shape, initial, DataType.FLOAT));
    }

    /** By the batch's mean and (biased) variance, named as {@link Network.BatchStatistics} says. */
    @Override
    SDVariable normalised(BatchNorm layer, String linear, SDVariable gamma, SDVariable beta, SDVariable runningMean,
                          SDVariable runningVariance) {
        String name = layer.name();
        SDVariable[] moments = sd.math().moments(new String[]{name + "_batch_mean", name + "_batch_var"}, x, new int[]{0, 2, 3}, false);
        return TrainableBatchNorm.apply(linear, x, moments[0], moments[1], gamma, beta, BATCH_NORM_EPSILON, 1);
    }

    /**
     * Each value multiplied by its entry in the placeholder {@code NAME_mask}, which the training
     * loop fills (ND4J's dropout ops cannot be differentiated in 1.0.0-M2.1, nor seeded per batch).
     */
    @Override
    public SDVariable dropout(Dropout layer) {
        Network.DropoutMask mask = new Network.DropoutMask(layer.maskName(), layer.rate(), layer.input().dims());
        return x = x.mul(layer.name(), sd.placeHolder(mask.placeholder(), DataType.FLOAT, mask.shape(-1)));
    }

    @Override
    double labelSmoothing() {
        return labelSmoothing;
    }
}
