package dev.mnist.core.train;

import dev.mnist.core.model.NetworkBuilder.BatchStatistics;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves each batch normalisation's running mean and variance towards the batch's as the training
 * graph computes them: {@code running = (1 - m) running + m batch}, the variance taken unbiased
 * ({@code n / (n - 1)} times the batch's), as PyTorch does. Its momentum {@code m} is 0.1, but
 * {@code 1 / k} for the k-th batch of the run before that (a plain average of the first ten), so
 * the initial 0 and 1 do not linger in the statistics of a short run. The running statistics are
 * constants of the graph, saved with it, and the batch count is the graph's iteration count, so a
 * resumed run continues them exactly.
 */
final class RunningStatistics extends BaseListener {
    private static final double MOMENTUM = 0.1;

    private record Target(INDArray running, long valuesPerChannel, boolean variance) {
    }

    private final Map<String, Target> byBatchOutput = new HashMap<>();

    RunningStatistics(SameDiff graph, List<BatchStatistics> statistics) {
        for (BatchStatistics s : statistics) {
            byBatchOutput.put(s.batchMean(), new Target(graph.getArrForVarName(s.runningMean()), s.valuesPerChannel(), false));
            byBatchOutput.put(s.batchVariance(), new Target(graph.getArrForVarName(s.runningVariance()), s.valuesPerChannel(), true));
        }
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING && !byBatchOutput.isEmpty();
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
        List<String> names = op.getOutputsOfOp();
        for (int i = 0; i < names.size(); i++) {
            Target target = byBatchOutput.get(names.get(i));
            if (target != null) {
                INDArray value = outputs[i].reshape(target.running.shape());
                if (target.variance) {
                    double n = (double) batch.getFeatures(0).size(0) * target.valuesPerChannel;
                    value = value.mul(n / Math.max(1, n - 1));
                }
                double momentum = Math.max(MOMENTUM, 1.0 / (at.iteration() + 1));
                target.running.muli(1 - momentum).addi(value.mul(momentum));
            }
        }
    }
}
