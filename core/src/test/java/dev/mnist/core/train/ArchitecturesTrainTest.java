package dev.mnist.core.train;

import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Graphs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every network in the registry really trains (on real digits, or on colour photos of them in class
 * folders), resumes bit-for-bit, and answers the same after saving.
 */
class ArchitecturesTrainTest {
    @TempDir
    static Path shared;
    @TempDir
    Path runs;

    /**
     * How much of which data a network trains on here, the validation accuracy it must then reach,
     * and whether its training loss must fall from the first epoch to the second.
     */
    record Case(String model, String data, int channels, int side, int batchSize, double learningRate, double minAccuracy,
                boolean lossFalls) {
        @Override
        public String toString() {
            return model;
        }
    }

    @BeforeAll
    static void data() {
        Fixtures.smallIdxFolder(shared.resolve("digits"), 1_250);
        int[] threeDigits = {0, 1, 7};
        Fixtures.colourClassFolders(shared.resolve("colour-67"), threeDigits, 20, 67);
        Fixtures.colourClassFolders(shared.resolve("colour-32"), threeDigits, 100, 32);
        Fixtures.colourClassFolders(shared.resolve("colour-32-few"), threeDigits, 20, 32);
    }

    static Stream<Case> networks() {
        return Stream.of(
                new Case("lenet", "digits", 1, 28, 64, 1e-3, 0.5, true),
                new Case("lenet5", "digits", 1, 28, 64, 1e-3, 0.5, true),
                // Only that it runs, resumes and round-trips (its learning is in bench/README.md): each of its 3 steps an
                // epoch, through its two 4096-wide dense layers, is the suite's slowest.
                new Case("alexnet", "colour-67", 3, 67, 16, 3e-4, 0, false),
                // 1,000 images, 32 steps an epoch: with fewer, its running statistics are too rough for a steady validation figure.
                new Case("resnet", "digits", 1, 28, 32, 1e-3, 0.3, true),
                new Case("resnet18", "colour-32", 3, 32, 16, 1e-3, 0.6, true),
                // Only that it runs, resumes and round-trips: learning is resnet18's code with more blocks.
                new Case("resnet34", "colour-32-few", 3, 32, 16, 1e-3, 0, false));
    }

    @Test
    void everyRegisteredNetworkIsTestedHere() {
        assertEquals(Architectures.names(), networks().map(Case::model).toList());
    }

    @ParameterizedTest
    @MethodSource("networks")
    void learnsResumesExactlyAndAnswersTheSameAfterSaving(Case network) {
        TrainConfig config = TrainConfig.builder(shared.resolve(network.data)).model(network.model).channels(network.channels)
                .imageSize(network.side).epochs(2).seed(9).valSplit(0.2)
                .batchSize(network.batchSize).learningRate(network.learningRate).lrPolicy(LearningRatePolicy.FIXED).build();
        TrainingRun straight = new Trainer(TrainingListener.NONE).train(config, runs, "straight");
        TrainingRun split = new Trainer(TrainingListener.NONE).train(config.withEpochs(1), runs, "split");
        new Trainer(TrainingListener.NONE).resume(split.dir(), 2);

        RunFolder folder = new RunFolder(straight.dir());
        List<EpochMetrics> metrics = folder.metrics();
        String model = network.model;
        assertTrue(metrics.get(1).valAccuracy() >= network.minAccuracy,
                model + " learns: validation accuracy " + metrics.get(1).valAccuracy());
        if (network.lossFalls) {
            assertTrue(metrics.get(1).trainLoss() < metrics.get(0).trainLoss(), model + "'s training loss falls");
        }

        ModelFile.Loaded saved = ModelFile.load(folder.model());
        Graphs.assertSameWeights(saved.graph(), ModelFile.load(new RunFolder(split.dir()).model()).graph());

        ModelMetadata metadata = saved.metadata();
        SameDiff fromTrainingGraph = new ValidationGraph(saved.graph(),
                Architectures.byName(model).plan(metadata.inputShape(), metadata.classNames().size())).current();
        SameDiff rebuilt = ModelFile.loadForInference(folder.model()).graph();
        Nd4j.getRandom().setSeed(1);
        INDArray input = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, metadata.inputShape().channels(),
                metadata.inputShape().height(), metadata.inputShape().width());
        assertArrayEquals(Graphs.probabilities(fromTrainingGraph, input), Graphs.probabilities(rebuilt, input),
                model + ": the saved graph and the one rebuilt from the saved weights answer alike");
    }
}
