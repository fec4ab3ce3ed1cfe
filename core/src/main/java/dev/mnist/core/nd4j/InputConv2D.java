package dev.mnist.core.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

import java.util.ArrayList;
import java.util.List;

/**
 * ND4J's {@code conv2d}, with a cheaper gradient when its input is gray data (a placeholder or a
 * constant: nothing needs its gradient). {@code conv2d_bp} always computes the input's gradient
 * too, and oneDNN does that slowly for one channel: for LeNet's first convolution at batch 64 the
 * op took 9.2-12.3 ms. The weights' gradient is itself a convolution, of the input by the output's
 * gradient with the batch as the channels it sums over: 1.0 ms on oneDNN, plus the arrays put in
 * that order and the bias's sum. The input's gradient is still there for whoever asks for it
 * (SameDiff runs only the ops a result needs).
 * <p>
 * Measured (bench/README.md, round 5): {@code lenet} trains faster for one channel and a 24x24
 * output; its gradients on random batches came slower for three channels at 28x28 (oneDNN's data
 * gradient is efficient there) and for one channel at 192x192 (the 188x188 output's gradient, as
 * the weights, is reordered out of cache). So only one input channel, an
 * output of at most {@link #MAX_OUTPUT_PIXELS}, a stride and dilation of 1, explicit padding, NCHW
 * data and {@code [kH, kW, iC, oC]} weights take this path; any other convolution differentiates as
 * ND4J's does. {@link Nd4jWorkarounds#install} has ND4J make this class for every {@code conv2d} op
 * it reads or clones; its forward pass is ND4J's.
 */
public final class InputConv2D extends Conv2D {
    static final long MAX_OUTPUT_PIXELS = 32 * 32;

    /** ND4J makes ops by reflection. */
    public InputConv2D() {
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        List<SDVariable> conv2dBp = super.doDiff(gradients);
        SDVariable input = arg(0);
        long[] shape = input.getShape();
        // kH, kW, sH, sW, pH, pW, dH, dW, padding mode, data format, weights format
        long[] arguments = iArgs();
        boolean data = input.getVariableType() == VariableType.PLACEHOLDER || input.getVariableType() == VariableType.CONSTANT;
        boolean plain = arguments.length >= 11 && arguments[2] == 1 && arguments[3] == 1 && arguments[6] == 1 && arguments[7] == 1
                && arguments[8] == PaddingMode.VALID.index && arguments[9] == 0 && arguments[10] == WeightsFormat.YXIO.ordinal();
        boolean gray = shape != null && shape.length == 4 && shape[1] == 1 && shape[2] > 0 && shape[3] > 0;
        if (!data || !plain || !gray) {
            return conv2dBp;
        }
        long pH = arguments[4];
        long pW = arguments[5];
        long outH = shape[2] + 2 * pH - arguments[0] + 1;
        long outW = shape[3] + 2 * pW - arguments[1] + 1;
        if (outH * outW > MAX_OUTPUT_PIXELS) {
            return conv2dBp;
        }
        SDVariable outputGradient = gradients.get(0);
        // gradW[ky, kx, c, o] = sum over n, y, x of in[n, c, y + ky, x + kx] * gradOut[n, o, y, x]: a convolution
        // of the input [c, n, H, W] by gradOut as the weights [o, n, oH, oW], which gives [c, o, kH, kW].
        Conv2DConfig byOutputGradient = Conv2DConfig.builder()
                .kH(outH).kW(outW)
                .sH(1).sW(1).pH(pH).pW(pW).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW).weightsFormat(WeightsFormat.OIYX)
                .build();
        SDVariable weightGradient = sameDiff.cnn()
                .conv2d(input.permute(1, 0, 2, 3), outputGradient.permute(1, 0, 2, 3), byOutputGradient)
                .permute(2, 3, 0, 1);
        List<SDVariable> cheaper = new ArrayList<>(List.of(conv2dBp.get(0), weightGradient));
        if (args().length > 2) {
            cheaper.add(outputGradient.sum(0, 2, 3));
        }
        return cheaper;
    }
}
