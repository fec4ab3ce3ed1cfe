package dev.mnist.core.testing;

import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the tests of trained graphs compare: their weights, and their answers to real digits. */
public final class Graphs {
    private Graphs() {
    }

    /** Every trainable parameter of the two graphs is bit-for-bit the same. */
    public static void assertSameWeights(SameDiff expected, SameDiff actual) {
        for (SDVariable variable : expected.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE) {
                assertEquals(expected.getArrForVarName(variable.name()), actual.getArrForVarName(variable.name()), variable.name());
            }
        }
    }

    /** Real MNIST test digits {@code from .. from+count-1} as the network's input, made as training and inference make it. */
    public static INDArray digits(int from, int count) {
        byte[] pixels = java.util.Arrays.copyOfRange(Fixtures.testSet().pixels(), from * 784, (from + count) * 784);
        return new InputTensor(InputContract.of(InputShape.MNIST, InputContract.Preparation.PLAIN)).of(pixels, count);
    }

    /** The graph's class probabilities for the input, row after row. */
    public static float[] probabilities(SameDiff graph, INDArray input) {
        return graph.output(Map.of(GraphNames.INPUT, input), GraphNames.PROBABILITIES).get(GraphNames.PROBABILITIES)
                .dup('c').data().asFloat();
    }
}
