package dev.mnist.core.model;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The optimizer's state of a graph (Adam's moments, momentum), each weight's updater arrays named
 * {@code WEIGHT/KEY}: the live arrays, so that writing into them restores a saved state.
 */
final class OptimizerState {
    private OptimizerState() {
    }

    /** The graph's updater arrays, in a fixed order; empty when it has no updaters. */
    static Map<String, INDArray> of(SameDiff graph) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        if (graph.getUpdaterMap() == null) {
            return arrays;
        }
        new TreeMap<>(graph.getUpdaterMap()).forEach((weight, updater) -> {
            Map<String, INDArray> state = ((GradientUpdater<?>) updater).getState();
            if (state != null) {
                new TreeMap<>(state).forEach((key, array) -> arrays.put(weight + "/" + key, array));
            }
        });
        return arrays;
    }

    /** The shape of each of them, as {@link Weights#read} checks a saved state against. */
    static Map<String, long[]> shapes(Map<String, INDArray> arrays) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        arrays.forEach((name, array) -> shapes.put(name, array.shape()));
        return shapes;
    }
}
