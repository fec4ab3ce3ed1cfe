package dev.mnist.core.nd4j;

import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Op outputs share memory only once the arrays before them are done with (of their length, or a little shorter), and the values stay right. */
class ArrayPoolTest {
    private static long address(INDArray array) {
        return array.data().address();
    }

    @Test
    void anArrayGivenBackLendsItsMemoryToTheNextOfItsTypeAndLength() {
        ArrayPool pool = new ArrayPool();
        INDArray first = pool.take(LongShapeDescriptor.fromShape(new long[] {2, 3}, DataType.FLOAT));
        INDArray kept = pool.take(LongShapeDescriptor.fromShape(new long[] {2, 3}, DataType.FLOAT));
        assertNotEquals(address(first), address(kept), "both in use");
        pool.giveBack(first);
        INDArray other = pool.take(LongShapeDescriptor.fromShape(new long[] {3, 2}, DataType.FLOAT));
        assertEquals(address(first), address(other), "another shape of the same length");
        assertArrayEquals(new long[] {3, 2}, other.shape());
        assertNotEquals(address(first), address(pool.take(LongShapeDescriptor.fromShape(new long[] {3, 2}, DataType.FLOAT))),
                "lent once only");
        pool.giveBack(other);
        assertNotEquals(address(other), address(pool.take(LongShapeDescriptor.fromShape(new long[] {3, 2}, DataType.DOUBLE))),
                "another type");
        INDArray notPooled = Nd4j.zeros(DataType.FLOAT, 3, 2);
        pool.giveBack(notPooled);
        INDArray next = pool.take(LongShapeDescriptor.fromShape(new long[] {6}, DataType.FLOAT));
        assertEquals(address(other), address(next), "an array from elsewhere is not taken in");

        pool.giveBack(next);
        assertNotEquals(address(next), address(pool.take(LongShapeDescriptor.fromShape(new long[] {1}, DataType.FLOAT))),
                "6 floats are more than " + ArrayPool.MAX_SPARE + " times 1 float: kept for a larger array");
        INDArray shorter = pool.take(LongShapeDescriptor.fromShape(new long[] {2, 2}, DataType.FLOAT));
        assertEquals(address(next), address(shorter), "a shorter array in the memory of a longer one");
        shorter.assign(7);
        assertEquals(4, shorter.length());
        assertEquals(28.0, shorter.sumNumber().doubleValue(), "its own four values, not the memory's six");
        pool.giveBack(shorter);
        assertEquals(address(next), address(pool.take(LongShapeDescriptor.fromShape(new long[] {6}, DataType.FLOAT))),
                "the whole memory back for an array of its length");
    }

    @Test
    void anOutputIsDoneAfterItsLastReaderAndAnIdentityReadsItsInputsArray() {
        SameDiff graph = SameDiff.create();
        SDVariable x = graph.placeHolder("x", DataType.FLOAT, 4, 4);
        SDVariable a = x.mul("a", 2.0);
        SDVariable same = graph.identity("same", a);
        SDVariable b = x.add("b", 1.0);
        SDVariable c = same.add("c", b);
        c.mul("d", 3.0);
        List<SameDiffOp> order = new ArrayList<>(graph.getOps().values());
        ArrayLives lives = new ArrayLives(order, List.of("d"));
        assertEquals(List.of(), lives.endingAt(0), "a is read later through its identity");
        assertEquals(List.of(), lives.endingAt(1));
        assertEquals(List.of(), lives.endingAt(2), "b is read later, x is a placeholder: never done");
        assertEquals(Set.of("a", "b"), Set.copyOf(lives.endingAt(3)), "c reads both, the identity's input for it");
        assertEquals(List.of("c"), lives.endingAt(4), "the wanted output, d, is kept");

        PreparedOps ops = PreparedOps.of(graph, Map.of("x", new long[] {4, 4}), List.of("d"), Set.of()).orElseThrow();
        INDArray input = Nd4j.rand(DataType.FLOAT, 4, 4);
        assertEquals(input.mul(2).add(input.add(1)).mul(3), ops.run(Map.of("x", input)).get("d"));
    }
}
