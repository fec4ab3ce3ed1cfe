package dev.mnist.core.model;

import dev.mnist.core.model.NetworkBuilder.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
        SameDiff graph = NetworkBuilder.graph(new InputShape(1, 2, 2), 2, 1).conv("c", 1, 1, 1, 1, Activation.NONE).graph();
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
        SameDiff graph = NetworkBuilder.graph(new InputShape(1, 4, 4), 2, 1).conv("c", 1, 2, 2, 0, Activation.NONE).graph();
        graph.getVariable("c_W").setArray(Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 2, 1, 1));
        assertArrayEquals(new float[]{14, 22, 46, 54}, output(graph, "c", oneToSixteen(), 1, 1, 4, 4));
    }

    @Test
    void averageAndMaxPoolingTakeEachWindowsMeanAndLargest() {
        SameDiff average = NetworkBuilder.graph(new InputShape(1, 4, 4), 2, 1).avgPool("pool", 2).graph();
        assertArrayEquals(new float[]{3.5f, 5.5f, 11.5f, 13.5f}, output(average, "pool", oneToSixteen(), 1, 1, 4, 4));
        SameDiff max = NetworkBuilder.graph(new InputShape(1, 4, 4), 2, 1).maxPool("pool", 2).graph();
        assertArrayEquals(new float[]{6, 8, 14, 16}, output(max, "pool", oneToSixteen(), 1, 1, 4, 4));
    }

    @Test
    void activationsFollowTheLinearPart() {
        float[] input = {-2, -0.5f, 0, 0.5f, 2, 4};
        for (Activation activation : Activation.values()) {
            SameDiff graph = NetworkBuilder.graph(new InputShape(1, 1, 6), 2, 1).conv("c", 1, 1, activation).graph();
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
    void theCaffeLeNetKeepsItsVariableNamesAndSizes() {
        NetworkBuilder plan = Architectures.byName("lenet").plan(InputShape.MNIST, 10);
        assertArrayEquals(new String[]{"conv1", "pool1", "conv2", "pool2", "dense1", GraphNames.LOGITS, GraphNames.PROBABILITIES},
                plan.layers().stream().map(Architecture.Layer::name).toArray());
        assertArrayEquals(new String[]{"20x24x24", "20x12x12", "50x8x8", "50x4x4", "500", "10", "10"},
                plan.summary().stream().map(NetworkBuilder.LayerSummary::output).toArray());
    }
}
