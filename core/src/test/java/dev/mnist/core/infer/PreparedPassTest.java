package dev.mnist.core.infer;

import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.nd4j.ComputeThreads;
import dev.mnist.core.testing.Graphs;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreparedPassTest {
    @Test
    void everyArchitecturesPreparedPassGivesSameDiffsAnswerToTheLastBit() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            for (Architecture architecture : Architectures.all()) {
                thread.submit(() -> assertSameAnswers(architecture)).get();
            }
        } finally {
            thread.shutdown();
        }
    }

    private static Void assertSameAnswers(Architecture architecture) {
        ComputeThreads.setForCurrentThread(1);
        int channels = architecture.designInput().channels();
        int side = Math.max(28, architecture.minimumSide());
        InputShape shape = new InputShape(channels, side, side);
        Map<String, INDArray> saved = new HashMap<>();
        Nd4j.getRandom().setSeed(7);
        architecture.plan(shape, 10).state().forEach((name, dims) -> saved.put(name, Nd4j.rand(DataType.FLOAT, dims).addi(0.1)));
        SameDiff graph = architecture.inferenceGraph(shape, 10, saved);
        Optional<PreparedPass> pass = PreparedPass.of(graph, GraphNames.INPUT, new long[]{1, channels, side, side}, GraphNames.PROBABILITIES);
        assertTrue(pass.isPresent(), architecture.name() + ": no prepared pass");
        for (int image = 0; image < 3; image++) {
            INDArray input = Nd4j.rand(DataType.FLOAT, 1, channels, side, side);
            float[] expected = Graphs.probabilities(graph, input);
            assertArrayEquals(expected, pass.get().run(input), architecture.name() + ", image " + image);
        }
        return null;
    }
}
