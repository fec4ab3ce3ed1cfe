package dev.mnist.core.train;

import dev.mnist.core.testing.Graphs;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every network in the registry really trains on real digits, resumes bit-for-bit, and answers the same after saving. */
class ArchitecturesTrainTest {
    @TempDir
    static Path data;
    @TempDir
    Path runs;

    @BeforeAll
    static void realDigits() {
        Fixtures.smallIdxFolder(data, 1_250);
    }

    static List<String> architectures() {
        return Architectures.names();
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void learnsResumesExactlyAndAnswersTheSameAfterSaving(String model) {
        TrainConfig config = TrainConfig.builder(data).model(model).epochs(2).seed(9).valSplit(0.2).build();
        TrainingRun straight = new Trainer(TrainingListener.NONE).train(config, runs, "straight");
        TrainingRun split = new Trainer(TrainingListener.NONE).train(config.withEpochs(1), runs, "split");
        new Trainer(TrainingListener.NONE).resume(split.dir(), 2);

        RunFolder folder = new RunFolder(straight.dir());
        List<EpochMetrics> metrics = folder.metrics();
        assertTrue(metrics.get(1).valAccuracy() > 0.5, model + " learns: validation accuracy " + metrics.get(1).valAccuracy());
        assertTrue(metrics.get(1).trainLoss() < metrics.get(0).trainLoss(), model + "'s training loss falls");

        SameDiff expected = ModelFile.load(folder.model()).graph();
        Graphs.assertSameWeights(expected, ModelFile.load(new RunFolder(split.dir()).model()).graph());

        SameDiff rebuilt = ModelFile.loadForInference(folder.model()).graph();
        INDArray input = Graphs.digits(2_000, 20);
        assertArrayEquals(Graphs.probabilities(expected, input), Graphs.probabilities(rebuilt, input),
                model + ": saved and rebuilt answer alike");
    }
}
