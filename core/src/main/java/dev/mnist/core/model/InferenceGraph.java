package dev.mnist.core.model;

import dev.mnist.core.model.Network.BatchNorm;
import dev.mnist.core.model.Network.Dropout;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.weightinit.WeightInitScheme;

import java.util.Arrays;
import java.util.Map;

/**
 * The graph that answers, its parameters and running statistics a model's arrays by name (used as
 * they are, not copied): batch normalisation by the running statistics, no dropout.
 */
public final class InferenceGraph extends SameDiffGraph {
    private final Map<String, INDArray> saved;

    private InferenceGraph(SameDiff sd, Network network, Map<String, INDArray> saved) {
        super(sd, network);
        this.saved = Map.copyOf(saved);
    }

    public static SameDiff build(Network network, Map<String, INDArray> saved) {
        SameDiff sd = SameDiff.create();
        // SameDiff's default holders copy every array they are given, to hand each GPU its own: AlexNet's
        // 232 MB twice over and 0.5 s of its cold start. An inference graph answers on one thread.
        sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
        return new InferenceGraph(sd, network, saved).build(network.layers());
    }

    @Override
    SDVariable parameter(String name, WeightInitScheme init, long... shape) {
        return sd.var(name, saved(saved, name, shape));
    }

    @Override
    SDVariable statistic(String name, double initial, long... shape) {
        return sd.constant(name, saved(saved, name, shape));
    }

    @Override
    SDVariable normalised(BatchNorm layer, String linear, SDVariable gamma, SDVariable beta, SDVariable runningMean,
                          SDVariable runningVariance) {
        return sd.nn().batchNorm(linear, x, runningMean, runningVariance, gamma, beta, BATCH_NORM_EPSILON, 1);
    }

    @Override
    public SDVariable dropout(Dropout layer) {
        return x = sd.identity(layer.name(), x);
    }

    @Override
    double labelSmoothing() {
        return 0;
    }

    /** The array of that name and shape. */
    static INDArray saved(Map<String, INDArray> saved, String name, long[] shape) {
        INDArray array = saved.get(name);
        if (array == null || !Arrays.equals(array.shape(), shape)) {
            throw new IllegalArgumentException("no saved array " + name + " of shape " + Arrays.toString(shape));
        }
        return array;
    }
}
