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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the session's cache on, a pass gives {@code calculateGradientsAndOutputs}'s outputs and
 * gradients to the last bit, every architecture, though its arrays come back from the cache holding
 * another batch's values; and what a pass returned, and the batch it was given, stay as they were
 * through the next pass.
 */
class GradientPassTest {
    private static final int BATCH = 2;

    @Test
    void everyArchitecturesPassIsSameDiffsOwnToTheLastBitWithItsArraysReused() {
        for (Architecture architecture : Architectures.all()) {
            int side = Math.max(28, architecture.minimumSide());
            InputShape shape = new InputShape(architecture.designInput().channels(), side, side);
            Network plan = architecture.plan(shape, 10);
            SameDiff graph = architecture.trainingGraph(shape, 10, 42);
            TrainingState.createGradients(graph);
            List<String> weights = graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                    .map(SDVariable::name).toList();
            List<String> outputs = new ArrayList<>(List.of(GraphNames.LOSS));
            plan.batchStatistics().forEach(s -> outputs.add(s.batchMean()));
            Map<String, INDArray> first = batch(plan, shape, 1);
            Map<String, INDArray> second = batch(plan, shape, 2);
            Map<String, INDArray> secondAsGiven = copies(second);

            OutAndGrad expected = graph.calculateGradientsAndOutputs(first, outputs, weights);
            OutAndGrad warming = GradientPass.run(graph, second, outputs, weights);
            Map<String, INDArray> warmingGradients = copies(warming.getGradients());
            OutAndGrad reused = GradientPass.run(graph, first, outputs, weights);

            String name = architecture.name();
            assertEquals(weights.size(), reused.getGradients().size(), name + ": a gradient for every weight");
            for (String weight : weights) {
                assertEquals(expected.getGradients().get(weight), reused.getGradients().get(weight), name + ": " + weight + "'s gradient");
                assertEquals(warmingGradients.get(weight), warming.getGradients().get(weight), name + ": the pass before's " + weight);
            }
            for (String output : outputs) {
                assertEquals(expected.getOutputs().get(output), reused.getOutputs().get(output), name + ": " + output);
            }
            assertEquals(secondAsGiven, second, name + ": the batch given");
            assertTrue(!expected.getGradients().equals(warming.getGradients()), name + ": two batches with the same gradients compare nothing");
        }
    }

    @Test
    void aPlaceholderOfAnotherTypeIsCastNotFreedIntoTheCache() {
        Architecture lenet = Architectures.byName("lenet");
        SameDiff graph = lenet.trainingGraph(InputShape.MNIST, 10, 42);
        Map<String, INDArray> batch = batch(lenet.plan(InputShape.MNIST, 10), InputShape.MNIST, 3);
        batch.put(GraphNames.INPUT, batch.get(GraphNames.INPUT).castTo(DataType.DOUBLE));
        Map<String, INDArray> asGiven = copies(batch);
        List<String> weights = List.of(graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .findFirst().orElseThrow().name());
        for (int pass = 0; pass < 3; pass++) {
            GradientPass.run(graph, batch, List.of(GraphNames.LOSS), weights);
            assertEquals(asGiven, batch, "the double input after pass " + pass);
        }
    }

    /** Random images, one-hot labels and masks for a batch, from {@code seed}. */
    private static Map<String, INDArray> batch(Network plan, InputShape shape, long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> batch = new HashMap<>();
        batch.put(GraphNames.INPUT, Nd4j.rand(DataType.FLOAT, BATCH, shape.channels(), shape.height(), shape.width()));
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, (int) (seed + i) % 10, 1);
        }
        batch.put(GraphNames.LABEL, labels);
        for (Network.DropoutMask mask : plan.dropoutMasks()) {
            batch.put(mask.placeholder(), Nd4j.rand(DataType.FLOAT, mask.shape(BATCH)).gt(mask.rate()).castTo(DataType.FLOAT).muli(2));
        }
        return batch;
    }

    private static Map<String, INDArray> copies(Map<String, INDArray> arrays) {
        Map<String, INDArray> copies = new HashMap<>();
        arrays.forEach((name, array) -> copies.put(name, array.dup()));
        return copies;
    }
}
