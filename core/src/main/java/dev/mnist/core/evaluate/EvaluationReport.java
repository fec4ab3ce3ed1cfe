package dev.mnist.core.evaluate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mnist.core.model.Lineage;

import java.util.List;

/**
 * Everything {@code mnist evaluate} reports about a model on a labelled data set (and the model it
 * was fine-tuned from, {@code parent}, null when none). Class indices are
 * the model's; {@code confusion[true][predicted]} counts images.
 */
public record EvaluationReport(
        String model,
        String architecture,
        int epoch,
        @JsonInclude(JsonInclude.Include.NON_NULL) Lineage parent,
        String data,
        String dataFormat,
        int images,
        List<String> classNames,
        long correct,
        double accuracy,
        int topK,
        double topKAccuracy,
        List<ClassScores> perClass,
        ClassScores macroAverage,
        long[][] confusion,
        int wrong,
        List<Mistake> mostConfidentlyWrong) {

    /** Precision, recall and F1 of one class (or their unweighted mean over classes), and its image count. */
    public record ClassScores(String className, double precision, double recall, double f1, long support) {
    }

    /** A misclassified image: where it is (file path, or {@code #index} in an IDX file), and what the model said. */
    public record Mistake(int index, String source, String actual, String predicted, double probability) implements java.io.Serializable {
    }
}
