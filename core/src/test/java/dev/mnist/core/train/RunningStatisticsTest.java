package dev.mnist.core.train;

import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.NetworkBuilder;
import dev.mnist.core.model.NetworkBuilder.Activation;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class RunningStatisticsTest {
    @Test
    void theFirstTenBatchesAreAveragedAndEachLaterOneMovesTheRunningStatisticsATenthOfTheWay() {
        NetworkBuilder network = NetworkBuilder.training(new InputShape(1, 1, 2), 2, 1).batchNorm("bn", Activation.NONE).classifier(2);
        SameDiff graph = network.graph();
        TrainingConfig config = new TrainingConfig.Builder().updater(new Sgd(0)).dataSetFeatureMapping(GraphNames.INPUT)
                .dataSetLabelMapping(GraphNames.LABEL).build();
        config.setLossVariables(List.of(GraphNames.LOSS));
        graph.setTrainingConfig(config);
        TrainingStep step = new TrainingStep(graph, network.network(),
                new GradientSteps(graph, TrainConfig.builder(Path.of("data")).build(), Freezing.NONE, 1, 0), 1);

        // Two images of 1x2: mean 4, biased variance 5, unbiased 5 * 4/3.
        DataSet batch = new DataSet(Nd4j.create(new float[]{1, 3, 5, 7}, new long[]{2, 1, 1, 2}, 'c'),
                Nd4j.create(new float[]{1, 0, 0, 1}, new long[]{2, 2}, 'c'));
        DataSet shifted = new DataSet(batch.getFeatures().add(2), batch.getLabels());
        step.train(batch, 1, 0);
        assertArrayEquals(new float[]{4}, graph.getArrForVarName("bn_mean").data().asFloat(), 1e-6f);
        assertArrayEquals(new float[]{5f * 4 / 3}, graph.getArrForVarName("bn_var").data().asFloat(), 1e-6f);
        step.train(shifted, 1, 0);
        assertArrayEquals(new float[]{5}, graph.getArrForVarName("bn_mean").data().asFloat(), 1e-6f, "the mean of 4 and 6");
        for (int k = 3; k <= 10; k++) {
            step.train(shifted, 1, 0);
        }
        assertArrayEquals(new float[]{(4 + 9 * 6) / 10f}, graph.getArrForVarName("bn_mean").data().asFloat(), 1e-5f);
        step.train(batch, 1, 0);
        assertArrayEquals(new float[]{0.9f * 5.8f + 0.1f * 4}, graph.getArrForVarName("bn_mean").data().asFloat(), 1e-5f);
        assertArrayEquals(new float[]{5f * 4 / 3}, graph.getArrForVarName("bn_var").data().asFloat(), 1e-5f, "the same spread throughout");
    }
}
