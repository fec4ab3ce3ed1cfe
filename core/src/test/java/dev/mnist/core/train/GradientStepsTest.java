package dev.mnist.core.train;

import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Graphs;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Accumulated and clipped steps, against the plain SGD step worked out from SameDiff's own gradients. */
class GradientStepsTest {
    private static final InputShape SHAPE = InputShape.MNIST;
    private static final Architecture LENET = Architectures.byName("lenet");
    private static final TrainConfig SGD = TrainConfig.builder(Path.of("data")).optimizer(Optimizer.SGD).learningRate(0.1)
            .lrPolicy(LearningRatePolicy.FIXED).build();

    private static SameDiff lenet() {
        SameDiff graph = LENET.trainingGraph(SHAPE, 10, 3, 0);
        graph.setTrainingConfig(Trainer.trainingConfig(SGD, LENET.plan(SHAPE, 10), new FixedSchedule(SGD.learningRate())));
        return graph;
    }

    /** The training step of {@code graph} for a run of {@code config}, {@code stepsDone} of its steps of 1,000 an epoch made. */
    private static TrainingStep step(SameDiff graph, TrainConfig config, Freezing freezing, int stepsDone) {
        return new TrainingStep(graph, LENET.plan(SHAPE, 10), new GradientSteps(graph, config, freezing, 1000, stepsDone), 3);
    }

    /** Real test digits {@code from .. from+count-1} with their labels. */
    private static DataSet digits(int from, int count) {
        INDArray labels = Nd4j.zeros(count, 10);
        for (int i = 0; i < count; i++) {
            labels.putScalar(i, Fixtures.testSet().label(from + i), 1);
        }
        return new DataSet(Graphs.digits(from, count), labels);
    }

    private static Map<String, INDArray> weights(SameDiff graph) {
        Map<String, INDArray> weights = new HashMap<>();
        for (SDVariable v : graph.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                weights.put(v.name(), v.getArr().dup());
            }
        }
        return weights;
    }

    private static void assertClose(Map<String, INDArray> expected, SameDiff actual) {
        expected.forEach((name, value) -> assertArrayEquals(value.data().asFloat(), actual.getArrForVarName(name).data().asFloat(),
                1e-6f, name));
    }

    @Test
    void fourBatchesOfEightAccumulatedMakeTheStepOfOneBatchOfThirtyTwo() {
        SameDiff accumulated = lenet();
        Map<String, INDArray> initial = weights(accumulated);
        TrainingStep step = step(accumulated, SGD.toBuilder().accumulate(4).build(), Freezing.NONE, 0);
        for (int batch = 0; batch < 4; batch++) {
            assertEquals(0, step.steps().stepsDone(), "no step before the fourth batch");
            step.train(digits(batch * 8, 8), 1, batch * 8);
        }
        assertEquals(1, step.steps().stepsDone());
        assertNotEquals(initial.get("output_W"), accumulated.getArrForVarName("output_W"), "a step was taken");

        SameDiff whole = lenet();
        step(whole, SGD, Freezing.NONE, 0).train(digits(0, 32), 1, 0);
        assertClose(weights(whole), accumulated);
    }

    @Test
    void aStepIsScaledDownToTheClipNormOverAllWeightsAndLeftAloneWithinIt() {
        DataSet batch = digits(100, 16);
        for (double clipOverNorm : new double[]{0.25, 2}) {
            SameDiff graph = lenet();
            Map<String, INDArray> before = weights(graph);
            Map<String, INDArray> gradients = graph.calculateGradients(
                    Map.of(GraphNames.INPUT, batch.getFeatures(), GraphNames.LABEL, batch.getLabels()), before.keySet());
            double squares = gradients.values().stream().mapToDouble(g -> Math.pow(g.norm2Number().doubleValue(), 2)).sum();
            double norm = Math.sqrt(squares);
            step(graph, SGD.toBuilder().clipGradNorm(clipOverNorm * norm).build(), Freezing.NONE, 0).train(batch, 1, 0);
            double scale = Math.min(1, clipOverNorm);
            Map<String, INDArray> expected = new HashMap<>();
            before.forEach((name, w) -> expected.put(name, w.sub(gradients.get(name).mul(SGD.learningRate() * scale))));
            assertClose(expected, graph);
        }
    }

    @Test
    void aBodyUnfrozenLateTakesAdamsFirstStepAtItsFactorOfTheRate() {
        // 1,000 steps into a run whose first epoch (of 1,000 steps) left the body frozen: the body's Adam moments are
        // fresh, so its first step is Adam's first, lr x factor x g/|g| for each weight, not the 2.5 times that ND4J's
        // run-long bias correction would give.
        TrainConfig adam = TrainConfig.builder(Path.of("data")).optimizer(Optimizer.ADAM).learningRate(0.001)
                .lrPolicy(LearningRatePolicy.FIXED).freezeEpochs(1).bodyLrFactor(0.5).build();
        SameDiff graph = LENET.trainingGraph(SHAPE, 10, 3, 0);
        graph.setTrainingConfig(Trainer.trainingConfig(adam, LENET.plan(SHAPE, 10), new FixedSchedule(adam.learningRate())));
        graph.getTrainingConfig().setEpochCount(1);
        graph.getTrainingConfig().setIterationCount(1000);
        INDArray before = graph.getArrForVarName("conv1_W").dup();
        step(graph, adam, Freezing.of(adam, LENET.layers()), 1000).train(digits(200, 16), 2, 0);
        double largest = before.sub(graph.getArrForVarName("conv1_W")).amaxNumber().doubleValue();
        assertEquals(0.001 * 0.5, largest, 1e-8);
    }
}
