package dev.mnist.core.train;

import dev.mnist.core.data.Split;
import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CrossEntropyTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0, 0.1})
    void equalsTheGraphsOwnLossOnRealDigits(double smoothing) {
        var images = new IdxFolder(Fixtures.smallIdxFolder(dir, 200)).load(Split.TEST);
        SameDiff graph = Architectures.byName("lenet").trainingGraph(InputShape.MNIST, 10, 11, smoothing);
        DataSet batch = new BatchIterator(images, new InputTensor(InputContract.of(InputShape.MNIST, InputContract.Preparation.PLAIN)),
                ImageView.unchanged(784), IntStream.range(0, 64).toArray(), 64, 10).next();
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> out = graph.output(
                Map.of(GraphNames.INPUT, batch.getFeatures(), GraphNames.LABEL, batch.getLabels()), GraphNames.LOSS, GraphNames.LOGITS);
        double expected = out.get(GraphNames.LOSS).getDouble(0);
        assertEquals(expected, CrossEntropy.mean(out.get(GraphNames.LOGITS), batch.getLabels(), smoothing), 1e-5 * Math.max(1, expected));
    }

    @Test
    void labelSmoothingByHand() {
        // logits (2, 0, -1), class 0, smoothing 0.3 over 3 classes: targets (0.8, 0.1, 0.1)
        var logits = org.nd4j.linalg.factory.Nd4j.create(new float[]{2, 0, -1}, new long[]{1, 3}, 'c');
        var label = org.nd4j.linalg.factory.Nd4j.create(new float[]{1, 0, 0}, new long[]{1, 3}, 'c');
        double logSumExp = Math.log(Math.exp(2) + Math.exp(0) + Math.exp(-1));
        assertEquals(logSumExp - (0.8 * 2 + 0.1 * 0 + 0.1 * -1), CrossEntropy.mean(logits, label, 0.3), 1e-6);
        assertEquals(logSumExp - 2, CrossEntropy.mean(logits, label, 0), 1e-6);
    }
}
