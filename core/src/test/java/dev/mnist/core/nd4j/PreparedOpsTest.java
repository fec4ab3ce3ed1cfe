package dev.mnist.core.nd4j;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prepared ops answer each call's placeholders from arrays of their own, and say which
 * placeholders they take. (That they hold none of the arrays given: bench/PreparedOpsMemory.java.)
 */
class PreparedOpsTest {
    private static final long[] SHAPE = {4, 1, 8, 8};

    @Test
    void eachCallReadsItsOwnPlaceholdersIntoArraysOfItsOwn() {
        SameDiff graph = SameDiff.create();
        SDVariable x = graph.placeHolder("x", DataType.FLOAT, SHAPE);
        x.mul("twice", 2.0);
        PreparedOps ops = PreparedOps.of(graph, Map.of("x", SHAPE), List.of("twice"), Set.of()).orElseThrow();
        for (int call = 0; call < 3; call++) {
            INDArray batch = Nd4j.rand(DataType.FLOAT, SHAPE);
            INDArray asGiven = batch.dup();
            INDArray twice = ops.run(Map.of("x", batch)).get("twice");
            assertEquals(asGiven.mul(2.0), twice, "call " + call);
            batch.assign(0);
            assertEquals(asGiven.mul(2.0), twice, "the result reads the caller's array, call " + call);
        }
        assertTrue(ops.takes(Map.of("x", Nd4j.zeros(DataType.FLOAT, SHAPE))));
        assertFalse(ops.takes(Map.of("x", Nd4j.zeros(DataType.FLOAT, 5, 1, 8, 8))), "another batch size");
        assertFalse(ops.takes(Map.of("x", Nd4j.zeros(DataType.DOUBLE, SHAPE))), "another type");
        assertFalse(ops.takes(Map.of("y", Nd4j.zeros(DataType.FLOAT, SHAPE))), "another placeholder");
    }
}
