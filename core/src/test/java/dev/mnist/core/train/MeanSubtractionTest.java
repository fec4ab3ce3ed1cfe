package dev.mnist.core.train;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputContract.Mean;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.mnist.core.testing.Graphs;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --mean}: computed from the training images only, kept in the model, subtracted by every consumer. */
class MeanSubtractionTest {
    @TempDir
    Path dir;

    @Test
    void theMeanIsTheTrainingImagesOnly() {
        Path data = Fixtures.smallIdxFolder(dir.resolve("data"), 200);
        for (Mean mode : new Mean[]{Mean.IMAGE, Mean.PIXEL}) {
            TrainingData set = TrainingData.load(TrainConfig.builder(data).mean(mode).valSplit(0.25).build(), null);
            double[] sums = new double[784];
            for (int index : set.trainIndices()) {
                byte[] image = set.images().image(index);
                for (int p = 0; p < 784; p++) {
                    sums[p] += image[p] & 0xFF;
                }
            }
            double all = java.util.Arrays.stream(sums).sum() / 784;
            float[] mean = set.contract().meanValues();
            for (int p = 0; p < 784; p++) {
                double expected = (mode == Mean.IMAGE ? sums[p] : all) / set.trainIndices().length;
                assertEquals(expected, mean[p], 1e-3, mode + " mean at " + p);
            }
        }
    }

    @Test
    void theInputIsThePixelLessTheMeanScaled() {
        InputContract contract = InputContract.of(new dev.mnist.core.model.InputShape(1, 2, 2), InputContract.Preparation.PLAIN)
                .withMean(Mean.IMAGE, new float[]{0, 10.5f, 255, 100});
        INDArray input = new InputTensor(contract).of(new byte[]{0, 20, (byte) 255, 50}, 1);
        assertArrayEquals(new float[]{0, 9.5f / 255, 0, -50f / 255}, input.data().asFloat(), 1e-7f);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = Mean.class, names = {"IMAGE", "PIXEL"})
    void theModelKeepsTheMeanAndClassifiesWithIt(Mean mode) throws IOException {
        Path data = Fixtures.smallIdxFolder(dir.resolve("data"), 300);
        TrainConfig config = TrainConfig.builder(data).mean(mode).epochs(1).limit(300).build();
        TrainingRun run = new Trainer(TrainingListener.NONE).train(config, dir.resolve("runs"), "m");
        float[] mean = TrainingData.load(config, null).contract().meanValues();
        Path model = run.dir().resolve("model.zip");
        ModelMetadata loaded = ModelFile.readMetadata(model);
        assertEquals(mode, loaded.input().mean());
        assertArrayEquals(mean, loaded.input().meanValues());

        byte[] digit = Fixtures.testSet().image(0);
        float[] lessMean = new float[784];
        float[] plain = new float[784];
        for (int p = 0; p < 784; p++) {
            lessMean[p] = ((digit[p] & 0xFF) - mean[p]) / 255f;
            plain[p] = (digit[p] & 0xFF) / 255f;
        }
        var graph = ModelFile.loadForInference(model).graph();
        float[] expected = Graphs.probabilities(graph, Nd4j.create(lessMean, new long[]{1, 1, 28, 28}, 'c'));
        float[] withoutMean = Graphs.probabilities(graph, Nd4j.create(plain, new long[]{1, 1, 28, 28}, 'c'));
        float[] predicted = Predictor.load(model).probabilities(digit, 1);
        assertArrayEquals(expected, predicted, 1e-6f, "classify subtracts the model's mean");
        assertTrue(Math.abs(expected[7] - withoutMean[7]) > 1e-4, "and that changes the answer");

        Path missing = dir.resolve("missing.zip");
        copyWithout(model, missing, "mean.bin");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Predictor.load(missing));
        assertEquals(missing + ": model.json subtracts a mean but there is no mean.bin", e.getMessage());
    }

    private static void copyWithout(Path from, Path to, String entryName) throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (entry.getName().equals(entryName)) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
