package dev.mnist.core.nd4j;

import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Graphs;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A convolution of the data differentiates to the weights' and bias's gradients of ND4J's own
 * {@code conv2d_bp} (to 1e-5 of the largest), without running it; other convolutions, and the
 * input's gradient where it is asked for, are {@code conv2d_bp}'s to the last bit.
 */
class InputConv2DTest {
    /** A graph {@code sum(conv(x) * r)}, so that the convolution's output gradient is {@code r}. */
    private record Case(SameDiff sd, Map<String, INDArray> inputs, INDArray x, INDArray w, INDArray b, INDArray r, long[] iArgs) {
        static Case of(INDArray x, int outChannels, int kernel, int stride, int pad, boolean bias) {
            return of(x, outChannels, kernel, kernel, stride, pad, pad, bias);
        }

        static Case of(INDArray x, int outChannels, int kH, int kW, int stride, int pH, int pW, boolean bias) {
            Nd4jWorkarounds.install();
            Nd4j.getRandom().setSeed(7);
            SameDiff sd = SameDiff.create();
            long[] shape = x.shape();
            SDVariable in = sd.placeHolder("x", DataType.FLOAT, -1, shape[1], shape[2], shape[3]);
            INDArray w = Nd4j.randn(DataType.FLOAT, kH, kW, shape[1], outChannels);
            INDArray b = Nd4j.randn(DataType.FLOAT, outChannels);
            SDVariable wv = sd.var("w", w);
            Conv2DConfig config = Conv2DConfig.builder().kH(kH).kW(kW).sH(stride).sW(stride).pH(pH).pW(pW).build();
            SDVariable out = bias ? sd.cnn().conv2d(in, wv, sd.var("b", b), config) : sd.cnn().conv2d(in, wv, config);
            long outHeight = (shape[2] + 2L * pH - kH) / stride + 1;
            long outWidth = (shape[3] + 2L * pW - kW) / stride + 1;
            INDArray r = Nd4j.randn(DataType.FLOAT, shape[0], outChannels, outHeight, outWidth);
            sd.setLossVariables(out.mul(sd.constant("r", r)).sum("loss"));
            long[] iArgs = {kH, kW, stride, stride, pH, pW, 1, 1, 0, 0, 0};
            return new Case(sd, Map.of("x", x), x, w, bias ? b : null, r, iArgs);
        }

        /** ND4J's {@code conv2d_bp} of the same values: the input's, weights' and bias's gradients. */
        INDArray[] nd4jGradients() {
            INDArray[] grads = {Nd4j.create(DataType.FLOAT, x.shape()), Nd4j.create(DataType.FLOAT, w.shape()),
                    Nd4j.create(DataType.FLOAT, w.size(3))};
            OpContext context = Nd4j.getExecutioner().buildContext();
            context.setInputArrays(b == null ? new INDArray[]{x, w, r} : new INDArray[]{x, w, b, r});
            context.setOutputArrays(b == null ? new INDArray[]{grads[0], grads[1]} : grads);
            context.setIArguments(iArgs);
            Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").build(), context);
            return grads;
        }

        List<String> weights() {
            return b == null ? List.of("w") : List.of("w", "b");
        }

        /** The ops the gradients of {@code variables} ran, by name. */
        List<String> opsRun(List<String> variables, Map<String, INDArray> into) {
            List<String> ran = new ArrayList<>();
            sd.setListeners(recordingOpsInto(ran));
            sd.calculateGradients(inputs, variables).forEach((name, gradient) -> into.put(name, gradient.dup()));
            sd.setListeners();
            return ran;
        }
    }

    @Test
    void theDatasConvolutionGivesConv2dBpsWeightAndBiasGradientsWithoutRunningIt() {
        Nd4j.getRandom().setSeed(3);
        List<Case> cases = List.of(
                Case.of(Graphs.digits(0, 16), 20, 5, 1, 0, true),                              // LeNet's first
                Case.of(Graphs.digits(16, 8), 6, 5, 1, 2, false),                              // padded, no bias
                Case.of(Nd4j.rand(DataType.FLOAT, 4, 1, 12, 10), 8, 3, 1, 1, true),            // not square
                Case.of(Nd4j.rand(DataType.FLOAT, 3, 1, 11, 13), 5, 3, 5, 1, 2, 1, true),      // kH != kW, pH != pW
                Case.of(Nd4j.rand(DataType.FLOAT, 2, 1, 36, 36), 4, 5, 1, 0, true));           // a 32x32 output, the largest
        for (Case c : cases) {
            Map<String, INDArray> gradients = new HashMap<>();
            List<String> ran = c.opsRun(c.weights(), gradients);
            assertTrue(!ran.contains("conv2d_bp"), "conv2d_bp ran: " + ran);
            INDArray[] expected = c.nd4jGradients();
            assertClose(expected[1], gradients.get("w"), "w");
            if (c.b() != null) {
                assertClose(expected[2], gradients.get("b"), "b");
            }
        }
    }

    @Test
    void otherConvolutionsAndTheInputsGradientAreConv2dBpsOwn() {
        List<Case> others = List.of(
                Case.of(Graphs.digits(0, 8), 4, 3, 2, 0, true),                                // strided
                Case.of(Nd4j.rand(DataType.FLOAT, 4, 3, 12, 10), 8, 3, 1, 1, true),            // colour
                Case.of(Nd4j.rand(DataType.FLOAT, 2, 1, 40, 36), 4, 5, 1, 0, true));           // a 36x32 output
        Map<String, INDArray> gradients = new HashMap<>();
        for (Case other : others) {
            gradients.clear();
            assertTrue(other.opsRun(other.weights(), gradients).contains("conv2d_bp"));
            INDArray[] expected = other.nd4jGradients();
            assertEquals(expected[1], gradients.get("w"));
            assertEquals(expected[2], gradients.get("b"));
        }

        Case asked = Case.of(Graphs.digits(0, 8), 4, 5, 1, 0, true);
        gradients.clear();
        asked.opsRun(List.of("x", "w"), gradients);
        assertTrue(gradients.get("x").amaxNumber().doubleValue() > 0, "an input gradient of zeros compares nothing");
        assertEquals(asked.nd4jGradients()[0], gradients.get("x"), "the input's gradient, asked for");
    }

    @Test
    void aLenetStepRunsConv2dBpForItsSecondConvolutionOnly() {
        SameDiff graph = Architectures.byName("lenet").trainingGraph(InputShape.MNIST, 10, 42);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 10);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i, 1);
        }
        List<String> weights = graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).toList();
        List<String> ran = new ArrayList<>();
        graph.setListeners(recordingOpsInto(ran));
        graph.calculateGradients(Map.of(GraphNames.INPUT, Graphs.digits(0, 4), GraphNames.LABEL, labels), weights);
        assertEquals(1, ran.stream().filter("conv2d_bp"::equals).count(), ran.toString());
    }

    /** A listener that adds the name of each op run to {@code ran}. */
    private static BaseListener recordingOpsInto(List<String> ran) {
        return new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
                ran.add(op.getOp().opName());
            }
        };
    }

    private static void assertClose(INDArray expected, INDArray actual, String name) {
        double largest = expected.amaxNumber().doubleValue();
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(largest > 0, name + ": a gradient of zeros compares nothing");
        assertTrue(difference <= 1e-5 * largest, name + ": differs by " + difference + " of " + largest);
    }
}
