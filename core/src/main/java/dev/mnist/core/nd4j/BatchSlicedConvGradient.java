package dev.mnist.core.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code conv2d_bp} of a large batch run on slices of it, the weights' and bias's gradients summed
 * over the slices. oneDNN's convolution gradients work on copies of their arrays in a blocked
 * layout, channels padded to 16, made and freed inside the op: the input once and the output's
 * gradient twice (once for each gradient). For LeNet's first convolution of 32 colour images of
 * 192x192 (20 channels padded to 32) that took 348 MB more than the op's outputs while it ran, for
 * LeNet-5's (6 channels padded to 16) 216 MB. Slices whose copies come to at most
 * {@link #MAX_SLICE_BYTES} keep that in proportion. The input's gradient is each slice's own; the
 * weights' sum comes in another order than one op's, so it may differ in the last bits. Smaller
 * gradients run as one op, as before: MNIST-sized ones at the batch sizes training uses (LeNet's first
 * layer on 28x28 digits is sliced from about 340 images a batch on, ResNet-20's 16-wide stage from about 440).
 */
final class BatchSlicedConvGradient {
    static final long MAX_SLICE_BYTES = 64L << 20;
    /** oneDNN's channel block with AVX-512 (8 with AVX2: there the estimate is high, on the safe side). */
    private static final long BLOCK = 16;
    private static final String OP = "conv2d_bp";

    private final DynamicCustomOp op;
    private final List<OpContext> slices;
    /** The op's weight (and bias) gradients, which the first slice writes and each later one's are added to. */
    private final INDArray[] sums;
    /** Where each later slice writes its weight (and bias) gradients before they are added. */
    private final INDArray[] partial;

    private BatchSlicedConvGradient(DynamicCustomOp op, List<OpContext> slices, INDArray[] sums, INDArray[] partial) {
        this.op = op;
        this.slices = slices;
        this.sums = sums;
        this.partial = partial;
    }

    /**
     * The op in slices of the batch, when it is a {@code conv2d_bp} of NCHW data whose blocked copies
     * would come to more than {@link #MAX_SLICE_BYTES}; empty otherwise. {@code context} holds its
     * inputs and outputs.
     */
    static Optional<BatchSlicedConvGradient> of(DynamicCustomOp op, OpContext context, boolean helpers) {
        return of(op, context, helpers, MAX_SLICE_BYTES);
    }

    /** {@link #of(DynamicCustomOp, OpContext, boolean)} with slices of at most {@code maxSliceBytes}. */
    static Optional<BatchSlicedConvGradient> of(DynamicCustomOp op, OpContext context, boolean helpers, long maxSliceBytes) {
        int inputs = context.numInputArguments();
        if (!OP.equals(op.opName()) || inputs < 3 || context.numOutputArguments() != inputs - 1) {
            return Optional.empty();
        }
        INDArray input = context.getInputArray(0);
        INDArray outputGradient = context.getInputArray(inputs - 1);
        long[] arguments = op.iArgs();
        if (input.rank() != 4 || outputGradient.rank() != 4 || arguments.length < 10 || arguments[9] != 0) {
            return Optional.empty();
        }
        long batch = outputGradient.size(0);
        long bytes = blocked(input) + 2 * blocked(outputGradient);
        if (batch < 2 || bytes <= maxSliceBytes) {
            return Optional.empty();
        }
        long perSlice = Math.max(1, batch * maxSliceBytes / bytes);
        List<OpContext> slices = new ArrayList<>();
        INDArray[] sums = new INDArray[inputs - 2];
        INDArray[] partial = new INDArray[sums.length];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = context.getOutputArray(i + 1);
            partial[i] = sums[i].ulike();
        }
        for (long from = 0; from < batch; from += perSlice) {
            long to = Math.min(batch, from + perSlice);
            INDArray[] args = new INDArray[inputs];
            for (int i = 0; i < inputs; i++) {
                INDArray arg = context.getInputArray(i);
                args[i] = i == 0 || i == inputs - 1 ? rows(arg, from, to) : arg;
            }
            OpContext slice = Nd4j.getExecutioner().buildContext();
            slice.setArgs(args, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
            slice.allowHelpers(helpers);
            slice.setOutputArray(0, rows(context.getOutputArray(0), from, to));
            for (int i = 0; i < sums.length; i++) {
                slice.setOutputArray(i + 1, from == 0 ? sums[i] : partial[i]);
            }
            slices.add(slice);
        }
        return Optional.of(new BatchSlicedConvGradient(op, slices, sums, partial));
    }

    void run() {
        Nd4j.exec(op, slices.get(0));
        for (OpContext slice : slices.subList(1, slices.size())) {
            Nd4j.exec(op, slice);
            for (int i = 0; i < sums.length; i++) {
                sums[i].addi(partial[i]);
            }
        }
    }

    /** The bytes of an NCHW array's copy with its channels padded to a multiple of {@link #BLOCK}. */
    private static long blocked(INDArray array) {
        long channels = array.size(1);
        long padded = (channels + BLOCK - 1) / BLOCK * BLOCK;
        return array.length() / channels * padded * array.dataType().width();
    }

    /** Images {@code from} to {@code to} of a batch, in the batch's own memory. */
    private static INDArray rows(INDArray batch, long from, long to) {
        INDArrayIndex[] index = new INDArrayIndex[batch.rank()];
        index[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < index.length; i++) {
            index[i] = NDArrayIndex.all();
        }
        return batch.get(index);
    }
}
