package dev.mnist.core.nd4j;

import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.Network;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pass gives {@code calculateGradientsAndOutputs}'s outputs and gradients to the last bit, every
 * architecture: prepared for the first batch's shape, with arrays that held another batch's values,
 * after the weights have changed in place, for a batch of another size and back again, in the
 * memory of the shape before; the batch it is given stays as it was.
 */
class GradientPassTest {
    @Test
    void everyArchitecturesPassIsSameDiffsOwnToTheLastBit() {
        for (Architecture architecture : Architectures.all()) {
            int side = Math.max(28, architecture.minimumSide());
            InputShape shape = new InputShape(architecture.designInput().channels(), side, side);
            Network plan = architecture.plan(shape, 10);
            SameDiff graph = architecture.trainingGraph(shape, 10, 42);
            graph.setListeners(new PlainPooling());   // as training runs it: SameDiff's own passes then pool as the prepared one does
            TrainingState.createGradients(graph);
            List<String> weights = graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                    .map(SDVariable::name).toList();
            List<String> outputs = new ArrayList<>(List.of(GraphNames.LOSS));
            plan.batchStatistics().forEach(s -> outputs.add(s.batchMean()));
            GradientPass pass = new GradientPass(graph, outputs, weights);
            String name = architecture.name();

            Map<String, INDArray> first = batch(plan, shape, 2, 1);
            Map<String, INDArray> firstAsGiven = copies(first);
            assertSame(name + ", prepared, first batch", graph.calculateGradientsAndOutputs(first, outputs, weights), pass.run(first), weights, outputs);
            assertEquals(firstAsGiven, first, name + ": the batch given");
            assertTrue(pass.preparedFor(first), name + ": not prepared");
            Map<String, INDArray> second = batch(plan, shape, 2, 2);
            OutAndGrad expected = graph.calculateGradientsAndOutputs(second, outputs, weights);
            OutAndGrad secondPass = pass.run(second);
            assertSame(name + ", prepared, second batch", expected, secondPass, weights, outputs);
            assertTrue(!expected.getGradients().equals(graph.calculateGradientsAndOutputs(first, outputs, weights).getGradients()),
                    name + ": two batches with the same gradients compare nothing");

            Map<String, INDArray> before = copies(expected.getGradients());
            weights.forEach(weight -> graph.getArrForVarName(weight).muli(0.5));   // in place, as an optimizer's step
            OutAndGrad changed = graph.calculateGradientsAndOutputs(second, outputs, weights);
            assertTrue(!before.equals(changed.getGradients()), name + ": the weights' change reached no gradient");
            assertSame(name + ", prepared, the weights changed", changed, pass.run(second), weights, outputs);

            for (int i = 0; i < 2; i++) {
                Map<String, INDArray> odd = batch(plan, shape, 3, 3 + i);
                assertSame(name + ", a batch of 3, pass " + i, graph.calculateGradientsAndOutputs(odd, outputs, weights), pass.run(odd), weights, outputs);
                assertTrue(pass.preparedFor(odd) && !pass.preparedFor(first), name + ": prepared for the batch of 3");
            }
            assertSame(name + ", the first shape again, in the memory of the batch of 3",
                    graph.calculateGradientsAndOutputs(second, outputs, weights), pass.run(second), weights, outputs);
        }
    }

    @Test
    void batchesOfTwoSizesInTurnAreEachSameDiffsOwn() {
        Architecture lenet = Architectures.byName("lenet");
        SameDiff graph = lenet.trainingGraph(InputShape.MNIST, 10, 42);
        graph.setListeners(new PlainPooling());
        List<String> weights = graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).toList();
        Network plan = lenet.plan(InputShape.MNIST, 10);
        GradientPass pass = new GradientPass(graph, List.of(GraphNames.LOSS), weights);
        for (int epoch = 0; epoch < 2; epoch++) {
            // A run resumed before an epoch's last batch starts with the smaller one.
            for (int size : new int[] {3, 8, 8}) {
                Map<String, INDArray> batch = batch(plan, InputShape.MNIST, size, 10L * epoch + size);
                assertSame("epoch " + epoch + ", a batch of " + size, graph.calculateGradientsAndOutputs(batch, List.of(GraphNames.LOSS), weights),
                        pass.run(batch), weights, List.of(GraphNames.LOSS));
                assertTrue(pass.preparedFor(batch), "prepared for a batch of " + size);
            }
        }
    }

    @Test
    void aPlaceholderOfAnotherTypeIsCastAndLeftAsItWas() {
        Architecture lenet = Architectures.byName("lenet");
        SameDiff graph = lenet.trainingGraph(InputShape.MNIST, 10, 42);
        Map<String, INDArray> batch = batch(lenet.plan(InputShape.MNIST, 10), InputShape.MNIST, 2, 3);
        batch.put(GraphNames.INPUT, batch.get(GraphNames.INPUT).castTo(DataType.DOUBLE));
        Map<String, INDArray> asGiven = copies(batch);
        List<String> weights = List.of(graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .findFirst().orElseThrow().name());
        GradientPass pass = new GradientPass(graph, List.of(GraphNames.LOSS), weights);
        for (int i = 0; i < 3; i++) {
            pass.run(batch);
            assertEquals(asGiven, batch, "the double input after pass " + i);
        }
    }

    /** Random images, one-hot labels and masks for a batch, from {@code seed}. */
    private static Map<String, INDArray> batch(Network plan, InputShape shape, int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> batch = new HashMap<>();
        batch.put(GraphNames.INPUT, Nd4j.rand(DataType.FLOAT, size, shape.channels(), shape.height(), shape.width()));
        INDArray labels = Nd4j.zeros(DataType.FLOAT, size, 10);
        for (int i = 0; i < size; i++) {
            labels.putScalar(i, (int) (seed + i) % 10, 1);
        }
        batch.put(GraphNames.LABEL, labels);
        for (Network.DropoutMask mask : plan.dropoutMasks()) {
            batch.put(mask.placeholder(), Nd4j.rand(DataType.FLOAT, mask.shape(size)).gt(mask.rate()).castTo(DataType.FLOAT).muli(2));
        }
        return batch;
    }

    private static void assertSame(String what, OutAndGrad expected, OutAndGrad actual, List<String> weights, List<String> outputs) {
        assertEquals(weights.size(), actual.getGradients().size(), what + ": a gradient for every weight");
        for (String weight : weights) {
            assertBits(what + ": " + weight + "'s gradient", expected.getGradients().get(weight), actual.getGradients().get(weight));
        }
        for (String output : outputs) {
            assertBits(what + ": " + output, expected.getOutputs().get(output), actual.getOutputs().get(output));
        }
    }

    /** The same shape and the same bits (ND4J's {@code equals} allows 1e-5). */
    static void assertBits(String what, INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertArrayEquals(expected.dup('c').data().asFloat(), actual.dup('c').data().asFloat(), what);
    }

    private static Map<String, INDArray> copies(Map<String, INDArray> arrays) {
        Map<String, INDArray> copies = new HashMap<>();
        arrays.forEach((name, array) -> copies.put(name, array.dup()));
        return copies;
    }
}
