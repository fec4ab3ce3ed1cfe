package dev.mnist.core.train;

import dev.mnist.core.model.Network.BatchStatistics;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves each batch normalisation's running mean and variance towards the batch's, which the training
 * step computes: {@code running = (1 - m) running + m batch}, the variance taken unbiased
 * ({@code n / (n - 1)} times the batch's), as PyTorch does. Its momentum {@code m} is 0.1, but
 * {@code 1 / k} for the k-th batch of the run before that (a plain average of the first ten), so
 * the initial 0 and 1 do not linger in the statistics of a short run. The running statistics are
 * constants of the graph, saved with it, and the batch count is the graph's iteration count, so a
 * resumed run continues them exactly.
 */
final class RunningStatistics {
    private static final double MOMENTUM = 0.1;

    private record Target(String batchOutput, INDArray running, long valuesPerChannel, boolean variance) {
    }

    private final List<Target> targets = new ArrayList<>();

    RunningStatistics(SameDiff graph, List<BatchStatistics> statistics) {
        for (BatchStatistics s : statistics) {
            targets.add(new Target(s.batchMean(), graph.getArrForVarName(s.runningMean()), s.valuesPerChannel(), false));
            targets.add(new Target(s.batchVariance(), graph.getArrForVarName(s.runningVariance()), s.valuesPerChannel(), true));
        }
    }

    /** The graph outputs a step must compute: each batch mean and variance. */
    List<String> batchOutputs() {
        return targets.stream().map(Target::batchOutput).toList();
    }

    /** Takes in the statistics of the {@code batch} images of the run's batch {@code iteration} (counted from 0). */
    void update(Map<String, INDArray> outputs, long batch, int iteration) {
        double momentum = Math.max(MOMENTUM, 1.0 / (iteration + 1));
        for (Target target : targets) {
            INDArray value = outputs.get(target.batchOutput).reshape(target.running.shape());
            if (target.variance) {
                double n = (double) batch * target.valuesPerChannel;
                value = value.mul(n / Math.max(1, n - 1));
            }
            target.running.muli(1 - momentum).addi(value.mul(momentum));
        }
    }
}
