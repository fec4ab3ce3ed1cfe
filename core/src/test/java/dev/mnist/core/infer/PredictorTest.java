package dev.mnist.core.infer;

import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.nd4j.ComputeThreads;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Passes through a LeNet really trained on real digits, from many threads and on one. */
class PredictorTest {
    private static final int DIGITS = 40;
    static Predictor predictor;

    @BeforeAll
    static void loadModel() {
        predictor = Predictor.load(TrainedModel.run());
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    private static float[] alone(Predictor model, int digit) {
        return model.probabilities(Images.digitPixels(TrainedModel.TEST_FROM + digit), 1);
    }

    @Test
    void passesAskedForFromEightThreadsAtOnceEqualThePassesAskedForOneByOne() throws Exception {
        List<float[]> expected = new ArrayList<>();
        for (int d = 0; d < DIGITS; d++) {
            expected.add(alone(predictor, d));
        }
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> answers = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int d = 0; d < DIGITS; d++) {
                    int digit = d;
                    answers.add(callers.submit(() -> alone(predictor, digit)));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                assertArrayEquals(expected.get(i % DIGITS), answers.get(i).get(), "request " + i);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aSingleImageIsComputedOnOneCpuThreadAndABatchOnEveryCore() throws Exception {
        byte[] batch = new byte[DIGITS * 784];
        for (int d = 0; d < DIGITS; d++) {
            System.arraycopy(Images.digitPixels(TrainedModel.TEST_FROM + d), 0, batch, d * 784, 784);
        }
        SameDiff graph = ModelFile.loadForInference(predictor.file()).graph();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            int everyCore = thread.submit(ComputeThreads::ofCurrentThread).get();
            for (int d = 0; d < DIGITS; d++) {
                byte[] one = Arrays.copyOfRange(batch, d * 784, (d + 1) * 784);
                assertArrayEquals(thread.submit(() -> pass(graph, one, 1, 1)).get(), predictor.probabilities(one, 1), "digit " + d);
            }
            assertArrayEquals(thread.submit(() -> pass(graph, batch, DIGITS, everyCore)).get(), predictor.probabilities(batch, DIGITS));
        } finally {
            thread.shutdown();
        }
    }

    private static float[] pass(SameDiff graph, byte[] pixels, int count, int threads) {
        ComputeThreads.setForCurrentThread(threads);
        float[] features = new float[pixels.length];
        for (int i = 0; i < features.length; i++) {
            features[i] = (pixels[i] & 0xFF) / 255f;
        }
        INDArray input = Nd4j.create(features, new long[]{count, 1, 28, 28}, 'c');
        return graph.output(Map.of(GraphNames.INPUT, input), GraphNames.PROBABILITIES).get(GraphNames.PROBABILITIES).dup('c').data().asFloat();
    }

    @Test
    void aClosedPredictorRefusesPassesWithAnError() {
        Predictor closed = Predictor.load(TrainedModel.run());
        alone(closed, 0);
        closed.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> alone(closed, 0));
        assertTrue(refused.getMessage().endsWith("the predictor is closed"), refused.getMessage());
    }
}
