package dev.mnist.core.nd4j;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A training loop's set-up of a graph without SameDiff's fit: updaters once, gradients built quietly. */
class TrainingStateTest {
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 2);
        SDVariable w = sd.var("w", Nd4j.create(new float[]{0.5f, -1}, new long[]{2, 1}, 'c'));
        sd.math().square(x.mmul(w)).mean("loss");
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(0.01)).dataSetFeatureMapping("x").markLabelsUnused().build());
        return sd;
    }

    @Test
    void initializeGivesEachWeightItsUpdaterOnceAndKeepsItsState() {
        SameDiff sd = graph();
        TrainingState.initialize(sd);
        GradientUpdater<?> updater = sd.getUpdaterMap().get("w");
        assertNotNull(updater, sd.getUpdaterMap().toString());
        INDArray state = updater.getState().values().iterator().next();
        state.assign(3);

        TrainingState.initialize(sd);
        assertSame(updater, sd.getUpdaterMap().get("w"));
        assertEquals(3, state.getDouble(0), 0);
        assertSame(state, sd.getUpdaterMap().get("w").getState().values().iterator().next());
    }

    @Test
    void gradientsAreBuiltWithoutAWordOnStandardOutput() {
        SameDiff sd = graph();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            TrainingState.createGradients(sd);
        } finally {
            System.setOut(stdout);
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
        Map<String, INDArray> gradients = sd.calculateGradients(Map.of("x", Nd4j.create(new float[]{1, 2}, new long[]{1, 2}, 'c')), "w");
        // loss = (x w)^2 = (0.5 - 2)^2, so dL/dw = 2 (x w) x = -3 x.
        assertEquals(-3, gradients.get("w").getDouble(0), 1e-6);
        assertEquals(-6, gradients.get("w").getDouble(1), 1e-6);
    }
}
