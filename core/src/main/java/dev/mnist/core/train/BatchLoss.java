package dev.mnist.core.train;

import dev.mnist.core.model.GraphNames;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The loss of the batch a training step has just used. The loss SameDiff reports to listeners
 * during fit is always 0 in 1.0.0-M2.1: it never runs the loss op, only its gradient, and ignores the
 * variables listeners ask for (deeplearning4j#9853). So it is computed here from the logits the
 * forward pass does produce: softmax cross-entropy, the same mean (and label smoothing) as the loss op.
 */
class BatchLoss extends BaseListener {
    private final double labelSmoothing;
    private double loss = Double.NaN;

    BatchLoss(double labelSmoothing) {
        this.labelSmoothing = labelSmoothing;
    }

    /** The last step's loss; NaN or infinite once training has diverged. */
    double loss() {
        return loss;
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
        int index = op.getOutputsOfOp().indexOf(GraphNames.LOGITS);
        if (index >= 0) {
            loss = CrossEntropy.mean(outputs[index], batch.getLabels(0), labelSmoothing);
        }
    }
}
