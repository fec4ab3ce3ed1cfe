package dev.mnist.core.nd4j;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A large batch's convolution gradients, in slices, are the whole op's to 1e-5; small ones are left as one op. */
class BatchSlicedConvGradientTest {
    // kH, kW, sH, sW, pH, pW, dH, dW, VALID, NCHW, [kH, kW, iC, oC]
    private static final long[] ARGUMENTS = {5, 5, 1, 1, 0, 0, 1, 1, 0, 0, 0};

    private static DynamicCustomOp op() {
        DynamicCustomOp op = DynamicCustomOp.builder("conv2d_bp").build();
        op.addIArgument(ARGUMENTS);
        return op;
    }

    /** A context of the op's inputs and new outputs for a batch of {@code batch} 3-channel images of {@code side}. */
    private static OpContext context(int batch, int side, long seed) {
        Nd4j.getRandom().setSeed(seed);
        int out = side - 4;
        INDArray[] inputs = {
                Nd4j.rand(DataType.FLOAT, batch, 3, side, side), Nd4j.rand(DataType.FLOAT, 5, 5, 3, 20).subi(0.5),
                Nd4j.rand(DataType.FLOAT, 20), Nd4j.rand(DataType.FLOAT, batch, 20, out, out).subi(0.5)};
        OpContext context = Nd4j.getExecutioner().buildContext();
        context.setArgs(inputs, ARGUMENTS, null, null, null);
        context.setOutputArray(0, inputs[0].ulike());
        context.setOutputArray(1, inputs[1].ulike());
        context.setOutputArray(2, inputs[2].ulike());
        return context;
    }

    @Test
    void slicesOfALargeBatchSumToTheWholeOpsGradients() {
        int batch = 7;
        int side = 164;   // blocked copies of 58 MB: slices of 4 and 3 images within 32 MB
        OpContext whole = context(batch, side, 1);
        OpContext sliced = context(batch, side, 1);
        Nd4j.exec(op(), whole);
        var inSlices = BatchSlicedConvGradient.of(op(), sliced, true, BatchSlicedConvGradient.MAX_SLICE_BYTES / 2);
        assertTrue(inSlices.isPresent());
        for (int run = 0; run < 2; run++) {
            inSlices.get().run();
            GradientPassTest.assertBits("the input's gradient, run " + run, whole.getOutputArray(0), sliced.getOutputArray(0));
            for (int i = 1; i < 3; i++) {
                INDArray expected = whole.getOutputArray(i);
                double error = expected.sub(sliced.getOutputArray(i)).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
                assertTrue(error < 1e-5, "output " + i + ", run " + run + ": relative error " + error);
            }
        }
    }

    @Test
    void aSmallBatchIsOneOp() {
        assertTrue(BatchSlicedConvGradient.of(op(), context(8, 28, 2), true).isEmpty());
    }
}
