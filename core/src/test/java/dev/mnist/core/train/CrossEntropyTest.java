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

    @Test
    void equalsTheGraphsOwnLossOnRealDigits() {
        var images = new IdxFolder(Fixtures.smallIdxFolder(dir, 200)).load(Split.TEST);
        SameDiff graph = Architectures.byName("lenet").trainingGraph(InputShape.MNIST, 10, 11);
        DataSet batch = new BatchIterator(images, new InputTensor(InputContract.of(InputShape.MNIST, InputContract.Preparation.PLAIN)),
                ImageView.unchanged(784), IntStream.range(0, 64).toArray(), 64, 10).next();
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> out = graph.output(
                Map.of(GraphNames.INPUT, batch.getFeatures(), GraphNames.LABEL, batch.getLabels()), GraphNames.LOSS, GraphNames.LOGITS);
        double expected = out.get(GraphNames.LOSS).getDouble(0);
        assertEquals(expected, CrossEntropy.mean(out.get(GraphNames.LOGITS), batch.getLabels()), 1e-5 * Math.max(1, expected));
    }
}
