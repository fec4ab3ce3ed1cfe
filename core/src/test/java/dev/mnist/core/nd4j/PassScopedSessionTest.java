package dev.mnist.core.nd4j;

import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A graph's session forgets, pass after pass, which arrays it freed: its memory stays flat. */
class PassScopedSessionTest {
    @Test
    void aHundredPassesLeaveNoMoreRecordBehindThanTwo() {
        Nd4jWorkarounds.install();
        SameDiff graph = ModelFile.loadForInference(TrainedModel.modelZip()).graph();
        INDArray image = Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28);
        INDArray first = pass(graph, image);
        pass(graph, image);
        PassScopedSession session = assertInstanceOf(PassScopedSession.class, graph.getSessions().get(Thread.currentThread().getId()));
        int afterTwo = session.freedArraysRecorded();
        assertTrue(afterTwo > 0, "the session does free arrays within a pass");
        for (int i = 0; i < 100; i++) {
            assertEquals(first, pass(graph, image), "pass " + (i + 3));
        }
        int afterHundred = session.freedArraysRecorded();
        assertTrue(afterHundred < 2 * afterTwo, "one pass's record, not a hundred's: " + afterTwo + " after 2 passes, " + afterHundred + " after 102");
    }

    private static INDArray pass(SameDiff graph, INDArray image) {
        return graph.output(Map.of(GraphNames.INPUT, image), GraphNames.PROBABILITIES).get(GraphNames.PROBABILITIES);
    }
}
