package dev.mnist.core.evaluate;

import dev.mnist.core.model.ModelMetadata;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * The running scores of an evaluation, image by image: confusions, top-k hits and the most
 * confidently wrong images. Tallies of parts of a data set merge into the tally of the whole, in any
 * order, with the same result (a Spark job scores its partitions apart).
 */
public final class EvaluationTally implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Least confident first, and of equals the later image first: the order in which mistakes are let go. */
    private static final Comparator<EvaluationReport.Mistake> LEAST_KEPT = (Comparator<EvaluationReport.Mistake> & Serializable)
            (a, b) -> a.probability() != b.probability() ? Double.compare(a.probability(), b.probability())
                    : Integer.compare(b.index(), a.index());

    private final List<String> classNames;
    private final int topK;
    private final int mistakesKept;
    private final ConfusionMatrix confusion;
    private final PriorityQueue<EvaluationReport.Mistake> worst = new PriorityQueue<>(LEAST_KEPT);
    private long inTopK;
    private long wrong;

    /** @param mistakesKept how many of the most confidently wrong images to keep */
    public EvaluationTally(List<String> classNames, int mistakesKept) {
        this.classNames = List.copyOf(classNames);
        this.topK = Math.min(Evaluator.TOP_K, classNames.size());
        this.mistakesKept = mistakesKept;
        this.confusion = new ConfusionMatrix(classNames.size());
    }

    /**
     * Image {@code index} (found at {@code source}) of true class {@code actual}, scored: its class
     * probabilities are {@code probabilities[row .. row + classes)}.
     */
    public void add(int index, String source, int actual, float[] probabilities, int row) {
        int classes = classNames.size();
        int predicted = Evaluator.argMax(probabilities, row, classes);
        confusion.add(actual, predicted);
        if (rank(probabilities, row, classes, actual) < topK) {
            inTopK++;
        }
        if (predicted != actual) {
            wrong++;
            keep(new EvaluationReport.Mistake(index, source, classNames.get(actual), classNames.get(predicted),
                    probabilities[row + predicted]));
        }
    }

    /** This tally with another's images added; the other is left as it was. */
    public EvaluationTally merge(EvaluationTally other) {
        if (!other.classNames.equals(classNames)) {
            throw new IllegalArgumentException("tallies of different classes: " + classNames + " and " + other.classNames);
        }
        confusion.addAll(other.confusion);
        inTopK += other.inTopK;
        wrong += other.wrong;
        other.worst.forEach(this::keep);
        return this;
    }

    public long images() {
        return confusion.total();
    }

    /** The report of a model ({@code model} says where it is) on the data tallied ({@code data}, of {@code format}). */
    public EvaluationReport report(String model, ModelMetadata metadata, String data, String format) {
        int classes = classNames.size();
        List<EvaluationReport.Mistake> mostConfident = new ArrayList<>(worst);
        mostConfident.sort(LEAST_KEPT.reversed());
        List<EvaluationReport.ClassScores> perClass = IntStream.range(0, classes).mapToObj(c -> new EvaluationReport.ClassScores(
                classNames.get(c), confusion.precision(c), confusion.recall(c), confusion.f1(c), confusion.support(c))).toList();
        EvaluationReport.ClassScores macro = new EvaluationReport.ClassScores("macro avg",
                perClass.stream().mapToDouble(EvaluationReport.ClassScores::precision).average().orElse(0),
                perClass.stream().mapToDouble(EvaluationReport.ClassScores::recall).average().orElse(0),
                perClass.stream().mapToDouble(EvaluationReport.ClassScores::f1).average().orElse(0),
                confusion.total());
        long total = confusion.total();
        return new EvaluationReport(model, metadata.architecture(), metadata.epoch(), metadata.parent(), data, format,
                Math.toIntExact(total), classNames, confusion.correct(), total == 0 ? 0 : (double) confusion.correct() / total,
                topK, total == 0 ? 0 : (double) inTopK / total, perClass, macro, confusion.counts(), Math.toIntExact(wrong),
                mostConfident);
    }

    private void keep(EvaluationReport.Mistake mistake) {
        worst.add(mistake);
        if (worst.size() > mistakesKept) {
            worst.poll();
        }
    }

    /** How many classes score higher than {@code c} (ties resolved in favour of {@code c}). */
    private static int rank(float[] values, int from, int length, int c) {
        int higher = 0;
        for (int other = 0; other < length; other++) {
            if (values[from + other] > values[from + c]) {
                higher++;
            }
        }
        return higher;
    }
}
