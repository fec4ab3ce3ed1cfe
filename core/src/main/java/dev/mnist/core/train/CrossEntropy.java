package dev.mnist.core.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Softmax cross-entropy computed on the Java side from logits, for reporting only. */
final class CrossEntropy {
    private CrossEntropy() {
    }

    /**
     * Mean over the batch of {@code logsumexp(logits_i) - sum_c y_ic logits_ic}, the labels smoothed:
     * {@code y = (1 - smoothing) * oneHot + smoothing / classes}, as the training graph's loss has it.
     * @param logits [batch, classes]
     * @param oneHotLabels [batch, classes]
     */
    static double mean(INDArray logits, INDArray oneHotLabels, double smoothing) {
        // One bulk copy each: element-wise access (getFloat, toFloatMatrix) costs milliseconds per batch.
        float[] z = logits.dup('c').data().asFloat();
        float[] y = oneHotLabels.dup('c').data().asFloat();
        int rows = (int) logits.size(0);
        int classes = (int) logits.size(1);
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            int row = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[row + c]);
            }
            double exponentials = 0;
            double labelled = 0;
            for (int c = 0; c < classes; c++) {
                exponentials += Math.exp(z[row + c] - max);
                labelled += (y[row + c] * (1 - smoothing) + smoothing / classes) * z[row + c];
            }
            sum += max + Math.log(exponentials) - labelled;
        }
        return sum / rows;
    }
}
