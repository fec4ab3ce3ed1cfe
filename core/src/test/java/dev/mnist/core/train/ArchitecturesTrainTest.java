package dev.mnist.core.train;

import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        SameDiff resumed = ModelFile.load(new RunFolder(split.dir()).model()).graph();
        for (SDVariable variable : expected.variables()) {
            if (variable.getVariableType() == VariableType.VARIABLE) {
                assertEquals(expected.getArrForVarName(variable.name()), resumed.getArrForVarName(variable.name()), variable.name());
            }
        }

        SameDiff rebuilt = ModelFile.loadForInference(folder.model()).graph();
        float[] pixels = new float[20 * 784];
        for (int i = 0; i < 20; i++) {
            byte[] digit = Images.digitPixels(2_000 + i);
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (digit[p] & 0xFF) / 255f;
            }
        }
        INDArray input = Nd4j.create(pixels, new long[]{20, 1, 28, 28}, 'c');
        assertArrayEquals(probabilities(expected, input), probabilities(rebuilt, input), model + ": saved and rebuilt answer alike");
    }

    private static float[] probabilities(SameDiff graph, INDArray input) {
        return graph.output(Map.of(GraphNames.INPUT, input), GraphNames.PROBABILITIES).get(GraphNames.PROBABILITIES)
                .dup('c').data().asFloat();
    }
}
