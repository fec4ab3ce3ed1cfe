package dev.mnist.core.nd4j;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Arrays;
import java.util.Collection;

/**
 * Keeps a training process's resident memory near a budget. Every array a training step makes lives
 * outside the Java heap and is freed only once the garbage collector has found its small Java
 * object unused; with large images a step makes hundreds of megabytes of them, and the collector,
 * seeing a small heap, is in no hurry: resident memory climbs to several gigabytes. So once the
 * process is over its budget, a collection is asked for after every {@link #STEP_BYTES} of arrays
 * made, or every {@link #STEPS} steps. Small networks on small images stay under the budget and pay
 * for one collection only, once the graph is built ({@link #graphBuilt}). It counts the arrays as the
 * graph's listener, which sees every op's outputs where SameDiff's session runs the ops, and the
 * arrays it is told of ({@link #made}): a prepared step ({@link GradientPass}) makes none, and the
 * batches are written into the same arrays, so there the dropout masks are all it counts.
 */
public final class OffHeapCollector extends BaseListener {
    /** Resident memory above which collections are asked for: {@code -Dmnist.memory.budget=BYTES}, default 1 GiB. */
    static final long BUDGET = Long.getLong("mnist.memory.budget", 1L << 30);
    private static final long STEP_BYTES = 64L << 20;
    /**
     * Steps after which a collection is asked for whatever was counted: a prepared step makes no
     * arrays of its own, yet ND4J leaves a few megabytes a step behind (a 192x192 LeNet went from
     * 1,592 to 1,750 MB over an epoch of 25 steps without collections). A full collection of the
     * small heap takes some 30 ms; a step over the budget, several hundred.
     */
    private static final int STEPS = 8;
    private long madeSinceCollection;
    private int stepsSinceCollection;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
        made(Arrays.asList(outputs));
    }

    /** Counts arrays made outside the graph's session: a batch, or a step's arrays that are not ops' outputs. */
    public void made(Collection<INDArray> arrays) {
        for (INDArray array : arrays) {
            if (array != null && !array.isEmpty()) {
                madeSinceCollection += array.length() * array.dataType().width();
            }
        }
    }

    /**
     * Once the training graph and its gradient function are built, before the first step: building the
     * gradient function leaves temporary arrays (190 MB for a 192x192 LeNet) that the first step's
     * would come on top of. Once a run, so whatever the budget.
     */
    public void graphBuilt() {
        System.gc();
    }

    /** After a training step: collects when enough was made, or enough steps were, and the process is over its budget. */
    public void stepDone() {
        stepsSinceCollection++;
        if ((madeSinceCollection >= STEP_BYTES || stepsSinceCollection >= STEPS) && Pointer.physicalBytes() > BUDGET) {
            System.gc();
            madeSinceCollection = 0;
            stepsSinceCollection = 0;
        }
    }
}
