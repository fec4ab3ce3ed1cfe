package dev.mnist.core.train;

import dev.mnist.core.io.Json;
import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Graphs;
import dev.mnist.core.train.LearningRatePolicy.Policy;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each policy's rate per batch, by hand: a run of 4 epochs of 10 batches, from 0.1. */
class LearningRatePolicyTest {
    private static final double BASE = 0.1;

    private static double rate(LearningRatePolicy policy, long iteration) {
        return policy.rate(BASE, iteration, 10, 4);
    }

    private static LearningRatePolicy policy(Policy policy, double gamma, int step, List<Integer> milestones, double warmup) {
        return new LearningRatePolicy(policy, gamma, step, milestones, warmup);
    }

    @Test
    void stepAndMultistepChangeAtEpochBoundaries() {
        LearningRatePolicy step = policy(Policy.STEP, 0.5, 2, List.of(), 0);
        assertEquals(0.1, rate(step, 19), 1e-15);
        assertEquals(0.05, rate(step, 20), 1e-15);
        assertEquals(0.05, rate(step, 39), 1e-15);
        LearningRatePolicy multistep = policy(Policy.MULTISTEP, 0.1, 1, List.of(1, 3), 0);
        assertEquals(0.1, rate(multistep, 9), 1e-15);
        assertEquals(0.01, rate(multistep, 10), 1e-15);
        assertEquals(0.01, rate(multistep, 29), 1e-15);
        assertEquals(0.001, rate(multistep, 30), 1e-15);
        assertEquals(0.1, rate(LearningRatePolicy.FIXED, 33), 0);
    }

    @Test
    void continuousPoliciesChangeEveryBatch() {
        LearningRatePolicy exponential = policy(Policy.EXPONENTIAL, 0.8, 1, List.of(), 0);
        assertEquals(0.1 * Math.pow(0.8, 0.5), rate(exponential, 5), 1e-15);
        assertEquals(0.1 * 0.8 * 0.8, rate(exponential, 20), 1e-15);
        LearningRatePolicy cosine = policy(Policy.COSINE, 1, 1, List.of(), 0);
        assertEquals(0.1, rate(cosine, 0), 1e-15);
        assertEquals(0.05, rate(cosine, 20), 1e-15);
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), rate(cosine, 10), 1e-15);
        assertEquals(0, rate(cosine, 40), 1e-15);
        LearningRatePolicy oneCycle = policy(Policy.ONECYCLE, 1, 1, List.of(), 0);
        assertEquals(0.004, rate(oneCycle, 0), 1e-15, "lr / 25 at the start");
        assertEquals(0.052, rate(oneCycle, 6), 1e-15, "half-way up at 15 % of the run");
        assertEquals(0.1, rate(oneCycle, 12), 1e-15, "the rate itself at 30 %");
        assertEquals(0.004 / 1e4, rate(oneCycle, 40), 1e-15, "lr / 25 / 10^4 at the end");
    }

    @Test
    void warmupRisesLinearlyBatchByBatch() {
        LearningRatePolicy warm = policy(Policy.FIXED, 1, 1, List.of(), 1);
        assertEquals(0.01, rate(warm, 0), 1e-15);
        assertEquals(0.05, rate(warm, 4), 1e-15);
        assertEquals(0.1, rate(warm, 9), 1e-15);
        assertEquals(0.1, rate(warm, 10), 1e-15);
        LearningRatePolicy warmCosine = policy(Policy.COSINE, 1, 1, List.of(), 2);
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.25)) * 11 / 20, rate(warmCosine, 10), 1e-15);
    }

    @Test
    void badSettingsAreRefusedAndOldRunsStillRead() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> policy(Policy.MULTISTEP, 0.1, 1, List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> policy(Policy.STEP, 0, 1, List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> policy(Policy.STEP, 0.5, 0, List.of(), 0));
        LearningRatePolicy cosine = policy(Policy.COSINE, 1, 1, List.of(), 0.5);
        assertEquals(cosine, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(cosine), LearningRatePolicy.class));
        assertEquals(policy(Policy.STEP, 0.5, 2, List.of(), 0), Json.MAPPER.readValue("\"STEP\"", LearningRatePolicy.class));
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(TrainConfig.builder(Path.of("data")).build());
        json.remove("lrPolicy");
        json.put("lrSchedule", "EXPONENTIAL");
        TrainConfig old = Json.MAPPER.treeToValue(json, TrainConfig.class);
        assertEquals(policy(Policy.EXPONENTIAL, 0.8, 1, List.of(), 0), old.lrPolicy());
    }

    /**
     * One SGD step on real digits changes the weights by exactly the policy's first rate times the
     * gradient plus the decoupled weight decay: ND4J asks the policy for batch 0 and applies it.
     */
    @Test
    void theFirstStepUsesTheFirstBatchRateAndTheWeightDecay() {
        InputShape shape = InputShape.MNIST;
        Architecture lenet = Architectures.byName("lenet");
        TrainConfig config = TrainConfig.builder(Path.of("data")).optimizer(Optimizer.SGD).learningRate(0.1)
                .lrPolicy(policy(Policy.COSINE, 1, 1, List.of(), 2)).weightDecay(0.01).epochs(4).build();
        SameDiff graph = lenet.trainingGraph(shape, 10, 3, 0);
        graph.setTrainingConfig(Trainer.trainingConfig(config, lenet.plan(shape, 10), PolicySchedule.of(config.lrPolicy(), 0.1, 10, 4)));
        INDArray features = Graphs.digits(0, 16);
        INDArray labels = Nd4j.zeros(16, 10);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, dev.mnist.core.testing.Fixtures.testSet().label(i), 1);
        }
        Map<String, INDArray> gradients = graph.calculateGradients(
                Map.of(GraphNames.INPUT, features, GraphNames.LABEL, labels), "output_W");
        INDArray before = graph.getArrForVarName("output_W").dup();
        new TrainingStep(graph, lenet.plan(shape, 10), new GradientSteps(graph, config, Freezing.NONE, 10, 0), 3)
                .train(new DataSet(features, labels), 1, 0);
        double rate = config.lrPolicy().rate(0.1, 0, 10, 4);
        assertEquals(0.1 / 20, rate, 1e-12, "cosine's rate at the start, 1/20 into a 2-epoch warmup");
        INDArray expected = before.sub(gradients.get("output_W").mul(rate)).sub(before.mul(rate * 0.01));
        assertArrayEquals(expected.data().asFloat(), graph.getArrForVarName("output_W").data().asFloat(), 1e-7f);
    }
}
