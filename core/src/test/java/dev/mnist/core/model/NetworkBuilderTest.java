package dev.mnist.core.model;

import dev.mnist.core.model.NetworkBuilder.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Each layer the builder makes, against results computed by hand. */
class NetworkBuilderTest {

    private static float[] output(SameDiff graph, String name, float[] input, long... shape) {
        INDArray x = Nd4j.create(input, shape, 'c');
        return graph.output(Map.of(GraphNames.INPUT, x), name).get(name).dup('c').data().asFloat();
    }

    private static float[] oneToSixteen() {
        float[] values = new float[16];
        for (int i = 0; i < 16; i++) {
            values[i] = i + 1;
        }
        return values;
    }

    @Test
    void aConvolutionsZeroPaddingPutsZerosAroundEachChannel() {
        SameDiff graph = NetworkBuilder.training(new InputShape(1, 2, 2), 2, 1).conv("c", 1, 1, 1, 1, Activation.NONE).graph();
        graph.getVariable("c_W").setArray(Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, 1, 1));
        assertArrayEquals(new float[]{
                0, 0, 0, 0,
                0, 1, 2, 0,
                0, 3, 4, 0,
                0, 0, 0, 0}, output(graph, "c", new float[]{1, 2, 3, 4}, 1, 1, 2, 2));
    }

    @Test
    void aStridedConvolutionSkipsPositions() {
        // A 2x2 kernel of ones moving 2 at a time over 1..16: the sums of the four 2x2 blocks.
        SameDiff graph = NetworkBuilder.training(new InputShape(1, 4, 4), 2, 1).conv("c", 1, 2, 2, 0, Activation.NONE).graph();
        graph.getVariable("c_W").setArray(Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 2, 1, 1));
        assertArrayEquals(new float[]{14, 22, 46, 54}, output(graph, "c", oneToSixteen(), 1, 1, 4, 4));
    }

    @Test
    void averageAndMaxPoolingTakeEachWindowsMeanAndLargest() {
        SameDiff average = NetworkBuilder.training(new InputShape(1, 4, 4), 2, 1).avgPool("pool", 2).graph();
        assertArrayEquals(new float[]{3.5f, 5.5f, 11.5f, 13.5f}, output(average, "pool", oneToSixteen(), 1, 1, 4, 4));
        SameDiff max = NetworkBuilder.training(new InputShape(1, 4, 4), 2, 1).maxPool("pool", 2).graph();
        assertArrayEquals(new float[]{6, 8, 14, 16}, output(max, "pool", oneToSixteen(), 1, 1, 4, 4));
    }

    @Test
    void activationsFollowTheLinearPart() {
        float[] input = {-2, -0.5f, 0, 0.5f, 2, 4};
        for (Activation activation : Activation.values()) {
            SameDiff graph = NetworkBuilder.training(new InputShape(1, 1, 6), 2, 1).conv("c", 1, 1, activation).graph();
            // A 1x1 convolution of weight 1 and bias 0 passes each value through unchanged.
            graph.getVariable("c_W").setArray(Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1, 1, 1));
            float[] expected = new float[input.length];
            for (int i = 0; i < input.length; i++) {
                double v = input[i];
                expected[i] = (float) switch (activation) {
                    case NONE -> v;
                    case RELU -> Math.max(0, v);
                    case TANH -> Math.tanh(v);
                    case SIGMOID -> 1 / (1 + Math.exp(-v));
                };
            }
            assertArrayEquals(expected, output(graph, "c", input, 1, 1, 1, 6), 1e-6f, activation.name());
        }
    }

    @Test
    void activationsBackpropagateTheirDerivative() {
        float[] input = {-2, -0.5f, 0.25f, 3};
        float[] r = {0.3f, -1.2f, 0.7f, 2.0f};
        for (Activation activation : List.of(Activation.TANH, Activation.RELU, Activation.SIGMOID)) {
            // A 1x1 convolution then the activation f; L = sum r f(w x + b), so dL/dw = sum r f'(w x + b) x.
            SameDiff graph = NetworkBuilder.training(new InputShape(1, 1, 4), 2, 1).conv("c", 1, 1, activation).graph();
            set(graph, "c_W", 0.7f);
            set(graph, "c_b", -0.2f);
            graph.getVariable("c").mul(graph.constant(Nd4j.create(r, new long[]{1, 1, 1, 4}, 'c'))).sum("probe");
            graph.setLossVariables("probe");
            double dW = 0, dB = 0;
            for (int i = 0; i < input.length; i++) {
                double z = 0.7 * input[i] - 0.2;
                double slope = switch (activation) {
                    case TANH -> 1 - Math.tanh(z) * Math.tanh(z);
                    case RELU -> z > 0 ? 1 : 0;
                    case SIGMOID -> Math.exp(-z) / ((1 + Math.exp(-z)) * (1 + Math.exp(-z)));
                    case NONE -> 1;
                };
                dW += r[i] * slope * input[i];
                dB += r[i] * slope;
            }
            boolean helpers = Nd4j.getEnvironment().helpersAllowed();
            try {
                for (boolean oneDnn : new boolean[]{true, false}) {
                    Nd4j.getEnvironment().allowHelpers(oneDnn);
                    Map<String, INDArray> gradients = graph.calculateGradients(
                            Map.of(GraphNames.INPUT, Nd4j.create(input, new long[]{1, 1, 1, 4}, 'c')), "c_W", "c_b");
                    String what = activation + (oneDnn ? ", oneDNN" : ", libnd4j");
                    assertEquals(dW, gradients.get("c_W").getDouble(0), 1e-5, what);
                    assertEquals(dB, gradients.get("c_b").getDouble(0), 1e-5, what);
                }
            } finally {
                Nd4j.getEnvironment().allowHelpers(helpers);
            }
        }
    }

    @Test
    void theCaffeLeNetKeepsItsVariableNamesAndSizes() {
        Network plan = Architectures.byName("lenet").plan(InputShape.MNIST, 10);
        assertArrayEquals(new String[]{"conv1", "pool1", "conv2", "pool2", "dense1", GraphNames.LOGITS, GraphNames.PROBABILITIES},
                plan.described().stream().map(Architecture.Layer::name).toArray());
        assertArrayEquals(new String[]{"20x24x24", "20x12x12", "50x8x8", "50x4x4", "500", "10", "10"},
                plan.summary().stream().map(Network.LayerSummary::output).toArray());
    }

    private static void set(SameDiff graph, String name, float... values) {
        graph.getVariable(name).setArray(Nd4j.create(values, graph.getArrForVarName(name).shape(), 'c'));
    }

    @Test
    void batchNormInTrainingNormalisesByTheBatchsMeanAndBiasedVariance() {
        SameDiff graph = NetworkBuilder.training(new InputShape(1, 1, 2), 2, 1).batchNorm("bn", Activation.NONE).graph();
        set(graph, "bn_gamma", 2);
        set(graph, "bn_beta", 1);
        // Two images of 1x2: mean 4, variance (9 + 1 + 1 + 9) / 4 = 5; the running statistics play no part.
        set(graph, "bn_mean", 100);
        float s = (float) (2 / Math.sqrt(5 + 1e-5));
        assertArrayEquals(new float[]{1 - 3 * s, 1 - s, 1 + s, 1 + 3 * s}, output(graph, "bn", new float[]{1, 3, 5, 7}, 2, 1, 1, 2),
                1e-5f);
    }

    @Test
    void batchNormInTrainingBackpropagatesThroughTheBatchsStatistics() {
        // A 1x1 convolution to two channels, so the input gradient shows in the convolution's weights.
        SameDiff graph = NetworkBuilder.training(new InputShape(1, 1, 3), 2, 1)
                .conv("c", 2, 1, Activation.NONE).batchNorm("bn", Activation.NONE).graph();
        double[] w = {1, -0.5}, b = {0, 0.25}, gamma = {2, 0.5};
        set(graph, "c_W", (float) w[0], (float) w[1]);
        set(graph, "c_b", (float) b[0], (float) b[1]);
        set(graph, "bn_gamma", (float) gamma[0], (float) gamma[1]);
        set(graph, "bn_beta", 1, -1);
        float[] input = {1, 3, 5, 7, -2, 4};   // two images of 1x3
        float[] r = {0.3f, -1.2f, 0.7f, 2.0f, 0.1f, -0.4f, -0.9f, 1.5f, 0.2f, 0.6f, -0.3f, 1.1f};   // [image][channel][3]
        graph.getVariable("bn").mul(graph.constant(Nd4j.create(r, new long[]{2, 2, 1, 3}, 'c'))).sum("probe");
        graph.setLossVariables("probe");

        // By hand: y = gamma xhat + beta per channel over the 6 values; L = sum r y.
        double[] dW = new double[2], dGamma = new double[2], dBeta = new double[2];
        for (int c = 0; c < 2; c++) {
            double[] z = new double[6], g = new double[6], xIn = new double[6];
            for (int n = 0; n < 2; n++) {
                for (int k = 0; k < 3; k++) {
                    xIn[n * 3 + k] = input[n * 3 + k];
                    z[n * 3 + k] = w[c] * input[n * 3 + k] + b[c];
                    g[n * 3 + k] = r[(n * 2 + c) * 3 + k];
                }
            }
            double mean = Arrays.stream(z).average().orElseThrow();
            double variance = Arrays.stream(z).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
            double sigma = Math.sqrt(variance + SameDiffGraph.BATCH_NORM_EPSILON);
            double meanG = Arrays.stream(g).average().orElseThrow(), meanGXhat = 0;
            for (int i = 0; i < 6; i++) {
                meanGXhat += g[i] * (z[i] - mean) / sigma / 6;
            }
            for (int i = 0; i < 6; i++) {
                double xhat = (z[i] - mean) / sigma;
                dBeta[c] += g[i];
                dGamma[c] += g[i] * xhat;
                dW[c] += xIn[i] * gamma[c] / sigma * (g[i] - meanG - xhat * meanGXhat);
            }
        }
        // oneDNN's batchnorm_bp, then libnd4j's own (the one builds without oneDNN run).
        boolean helpers = Nd4j.getEnvironment().helpersAllowed();
        try {
            for (boolean oneDnn : new boolean[]{true, false}) {
                Nd4j.getEnvironment().allowHelpers(oneDnn);
                Map<String, INDArray> gradients = graph.calculateGradients(
                        Map.of(GraphNames.INPUT, Nd4j.create(input, new long[]{2, 1, 1, 3}, 'c')), "c_W", "bn_gamma", "bn_beta");
                String helper = oneDnn ? "oneDNN" : "libnd4j";
                assertArrayEquals(dW, gradients.get("c_W").dup('c').data().asDouble(), 1e-4, helper);
                assertArrayEquals(dGamma, gradients.get("bn_gamma").dup('c').data().asDouble(), 1e-4, helper);
                assertArrayEquals(dBeta, gradients.get("bn_beta").dup('c').data().asDouble(), 1e-4, helper);
            }
        } finally {
            Nd4j.getEnvironment().allowHelpers(helpers);
        }
    }

    @Test
    void batchNormInInferenceUsesTheRunningStatistics() {
        // gamma is a view of a longer array: SameDiff's default array holders would copy it.
        Map<String, INDArray> saved = Map.of(
                "bn_gamma", Nd4j.createFromArray(9f, 2f, 1f).get(NDArrayIndex.interval(1, 3)), "bn_beta", Nd4j.createFromArray(1f, 0f),
                "bn_mean", Nd4j.createFromArray(3f, -1f), "bn_var", Nd4j.createFromArray(4f, 0.25f));
        SameDiff graph = NetworkBuilder.inference(new InputShape(2, 1, 1), 2, saved).batchNorm("bn", Activation.RELU).graph();
        // Channel 0: 2 (5 - 3) / 2 + 1 = 3; channel 1: relu((-3 + 1) / 0.5) = 0.
        assertArrayEquals(new float[]{3, 0}, output(graph, "bn", new float[]{5, -3}, 1, 2, 1, 1), 1e-4f);
        // The graph holds the arrays themselves, not copies (AlexNet's weights would take twice the memory).
        saved.forEach((name, array) -> assertSame(array, graph.getArrForVarName(name), name));
    }

    @Test
    void localResponseNormDividesByCaffesSumOfSquaresAcrossNeighbouringChannels() {
        SameDiff graph = NetworkBuilder.training(new InputShape(3, 1, 1), 2, 1).localResponseNorm("lrn", 3, 1.5, 0.75).graph();
        // Caffe: x_c / (1 + alpha / size * sum of x_k^2 for k within size/2 of c)^beta.
        float[] x = {1, 2, 3};
        float[] expected = new float[3];
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int k = Math.max(0, c - 1); k <= Math.min(2, c + 1); k++) {
                sum += x[k] * x[k];
            }
            expected[c] = (float) (x[c] / Math.pow(1 + 1.5 / 3 * sum, 0.75));
        }
        assertArrayEquals(expected, output(graph, "lrn", x, 1, 3, 1, 1), 1e-5f);
    }

    @Test
    void aDenseLayersGradientIsTheInputTimesTheOutputsGradient() {
        // L = sum r (x W + b) over a batch of two, so dL/dW = x^T r and dL/db = the column sums of r
        // (sd.nn().linear's XwPlusB gets this wrong in 1.0.0-M2.1, deeplearning4j#9869).
        SameDiff graph = NetworkBuilder.training(new InputShape(1, 1, 2), 2, 1).dense("d", 3, Activation.NONE).graph();
        set(graph, "d_W", 0.5f, -1, 2, 0.25f, 3, -0.5f);
        float[][] r = {{1, -2, 0.5f}, {0.3f, 4, -1}};
        graph.getVariable("d").mul(graph.constant(Nd4j.create(r))).sum("probe");
        graph.setLossVariables("probe");
        float[][] x = {{1, 2}, {-3, 0.5f}};
        Map<String, INDArray> gradients = graph.calculateGradients(
                Map.of(GraphNames.INPUT, Nd4j.create(new float[]{1, 2, -3, 0.5f}, new long[]{2, 1, 1, 2}, 'c')), "d_W", "d_b");
        float[] dW = new float[6];
        float[] dB = new float[3];
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 3; o++) {
                dB[o] += r[n][o];
                for (int i = 0; i < 2; i++) {
                    dW[i * 3 + o] += x[n][i] * r[n][o];
                }
            }
        }
        assertArrayEquals(dW, gradients.get("d_W").dup('c').data().asFloat(), 1e-5f);
        assertArrayEquals(dB, gradients.get("d_b").dup('c').data().asFloat(), 1e-5f);
    }

    @Test
    void dropoutMultipliesByItsMaskInTrainingAndIsTheIdentityInInference() {
        SameDiff training = NetworkBuilder.training(new InputShape(1, 1, 4), 2, 1).dense("d", 3, Activation.NONE)
                .dropout("drop", 0.5).graph();
        set(training, "d_W", 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0);
        INDArray x = Nd4j.create(new float[]{1, 2, 3, 4}, new long[]{1, 1, 1, 4}, 'c');
        INDArray mask = Nd4j.create(new float[]{2, 0, 2}, new long[]{1, 3}, 'c');
        assertArrayEquals(new float[]{2, 0, 6}, training.output(Map.of(GraphNames.INPUT, x, "drop_mask", mask), "drop").get("drop")
                .dup('c').data().asFloat());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[]{3},
                NetworkBuilder.plan(new InputShape(1, 1, 4)).dense("d", 3, Activation.NONE).dropout("drop", 0.5)
                        .network().dropoutMasks().get(0).perImage());

        SameDiff inference = NetworkBuilder.inference(new InputShape(1, 1, 4), 2, Map.of()).dropout("drop", 0.25).graph();
        assertArrayEquals(new float[]{1, 2, 3, 4}, output(inference, "drop", new float[]{1, 2, 3, 4}, 1, 1, 1, 4));
    }

    @Test
    void aResidualBlockAddsItsInputToItsBody() {
        SameDiff graph = NetworkBuilder.training(new InputShape(1, 1, 3), 2, 1)
                .residual("block", body -> body.conv("block_conv", 1, 1, Activation.NONE), Activation.RELU).graph();
        set(graph, "block_conv_W", 2);
        // relu(2x + x)
        assertArrayEquals(new float[]{0, 3, 6}, output(graph, "block", new float[]{-1, 1, 2}, 1, 1, 1, 3));
    }

    @Test
    void aResidualBlockThatHalvesAndWidensHasAStridedProjectionShortcut() {
        Network plan = NetworkBuilder.plan(new InputShape(4, 8, 8))
                .residual("block", body -> body.conv("block_conv", 8, 3, 2, 1, Activation.NONE), Activation.RELU).network();
        assertArrayEquals(new long[]{1, 1, 4, 8}, plan.state().get("block_shortcut_W"));
        assertArrayEquals(new String[]{"block_conv", "block_shortcut", "block_shortcut_bn", "block"},
                plan.described().stream().map(Architecture.Layer::name).toArray());
        org.junit.jupiter.api.Assertions.assertEquals("8x4x4", plan.summary().get(3).output());
    }

    @Test
    void globalAveragePoolingTakesEachChannelsMean() {
        SameDiff graph = NetworkBuilder.training(new InputShape(2, 2, 2), 2, 1).globalAvgPool("pool").graph();
        assertArrayEquals(new float[]{2.5f, 6.5f}, output(graph, "pool", new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 1, 2, 2, 2));
    }

    @Test
    void aMaxPoolCanOverlapAndPad() {
        // 3x3 windows 2 apart over 1..16 padded by 1: the largest of each.
        SameDiff graph = NetworkBuilder.training(new InputShape(1, 4, 4), 2, 1).maxPool("pool", 3, 2, 1).graph();
        assertArrayEquals(new float[]{6, 8, 14, 16}, output(graph, "pool", oneToSixteen(), 1, 1, 4, 4));
        SameDiff overlapping = NetworkBuilder.training(new InputShape(1, 4, 4), 2, 1).maxPool("pool", 3, 1, 0).graph();
        assertArrayEquals(new float[]{11, 12, 15, 16}, output(overlapping, "pool", oneToSixteen(), 1, 1, 4, 4));
    }
}
