package dev.mnist.core.report;

import java.util.List;

/**
 * One layer of an inspected model: its output shape for one image, parameter count, statistics of
 * its weights (null when it has none) and of its activations, and the pictures written of them
 * ({@code filtersFile} null unless it is a convolution).
 */
public record LayerInspection(String name, String kind, List<Long> shape, long parameters, Stats weights,
                              Stats activations, String activationsFile, int activationTiles, String filtersFile) {

    /** Mean, standard deviation, minimum and maximum of a set of values. */
    public record Stats(double mean, double std, double min, double max) {
        static Stats of(float[] values) {
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float v : values) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / values.length;
            double squares = 0;
            for (float v : values) {
                squares += (v - mean) * (v - mean);
            }
            return new Stats(mean, Math.sqrt(squares / values.length), min, max);
        }
    }
}
