package dev.mnist.core.nd4j;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;

import java.util.Set;

/**
 * Runs a training graph's pooling ops on ND4J's own kernels instead of oneDNN's. ND4J hands oneDNN
 * plain NCHW arrays, for which oneDNN only has its reference pooling ({@code simple_nchw}), and
 * its max pooling's gradient runs the forward pass a second time to find the maxima: in a step of
 * LeNet at batch 64, 20 of 52 ms in oneDNN (its verbose log). ND4J's kernels take about a third
 * of that. The maxima and where the gradient goes are the same; average pooling's sums may differ
 * in a float's last bit. The graph's listener, it sees each op's context before the op runs.
 */
public final class PlainPooling extends BaseListener {
    static final Set<String> OPS = Set.of("maxpool2d", "maxpool2d_bp", "avgpool2d", "avgpool2d_bp");

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
        if (context != null && OPS.contains(op.getOp().opName())) {
            context.allowHelpers(false);
        }
    }
}
