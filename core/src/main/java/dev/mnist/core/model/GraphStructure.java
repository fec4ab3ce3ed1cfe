package dev.mnist.core.model;

import org.nd4j.autodiff.samediff.ArrayHolder;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.util.Collection;
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

    /**
     * Saves {@code graph} with a scalar in place of each of these arrays, and no optimizer state; the
     * graph is left as it was. The scalars go into stand-in array holders: setting them in the graph's
     * own would copy every array twice (its holders keep a copy of each array they are given).
     */
    static void save(SameDiff graph, Collection<String> arrays, File file) {
        ArrayHolder variables = graph.getVariablesArrays();
        ArrayHolder constants = graph.getConstantArrays();
        ArrayHolder variablesWithout = new SingleThreadArrayHolder();
        ArrayHolder constantsWithout = new SingleThreadArrayHolder();
        variablesWithout.initFrom(variables);
        constantsWithout.initFrom(constants);
        for (String name : arrays) {
            ArrayHolder holder = variablesWithout.hasArray(name) ? variablesWithout : constantsWithout;
            INDArray array = holder.getArray(name);
            if (array == null) {
                throw new IllegalStateException("the graph has no array " + name);
            }
            holder.setArray(name, Nd4j.scalar(array.dataType(), 0));
        }
        graph.setArrayHolders(variablesWithout, constantsWithout, false);
        try {
            graph.save(file, false);
        } finally {
            graph.setArrayHolders(variables, constants, false);
        }
    }

    /** Puts the arrays into a graph loaded from {@link #save}. */
    static void restore(SameDiff graph, Map<String, INDArray> arrays) {
        arrays.forEach(graph::setArrayForVariable);
    }
}
