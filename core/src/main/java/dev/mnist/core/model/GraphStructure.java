package dev.mnist.core.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SameDiff graph saved without its arrays: {@code SameDiff.save} builds the whole file, arrays
 * and optimizer state included, in one FlatBuffers buffer on the Java heap (a 192x192 LeNet's
 * 50 M dense weights took the process from 2.9 to 4.6 GB resident at every checkpoint). The
 * arrays are streamed beside it instead ({@link Weights}).
 */
final class GraphStructure {
    private GraphStructure() {
    }

    /** Saves {@code graph} with a scalar in place of each of these arrays, and no optimizer state; the graph is left as it was. */
    static void save(SameDiff graph, Collection<String> arrays, File file) {
        Map<String, INDArray> held = new LinkedHashMap<>();
        try {
            for (String name : arrays) {
                INDArray array = graph.getArrForVarName(name);
                held.put(name, array);
                graph.setArrayForVariable(name, Nd4j.scalar(array.dataType(), 0));
            }
            graph.save(file, false);
        } finally {
            held.forEach(graph::setArrayForVariable);
        }
    }

    /** Puts the arrays into a graph loaded from {@link #save}. */
    static void restore(SameDiff graph, Map<String, INDArray> arrays) {
        arrays.forEach(graph::setArrayForVariable);
    }
}
