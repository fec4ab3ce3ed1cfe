package dev.mnist.core.evaluate;

/** Counts of (true class, predicted class) pairs, and the per-class scores that follow from them. */
public final class ConfusionMatrix implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        counts = new long[classes][classes];
    }

    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    /** Adds another matrix's counts, of the same classes, to these. */
    public void addAll(ConfusionMatrix other) {
        for (int actual = 0; actual < counts.length; actual++) {
            for (int predicted = 0; predicted < counts.length; predicted++) {
                counts[actual][predicted] += other.counts[actual][predicted];
            }
        }
    }

    public int classes() {
        return counts.length;
    }

    /** How many images of class {@code actual} were predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** A copy of the counts: rows are true classes, columns predicted ones. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long count : row) {
                total += count;
            }
        }
        return total;
    }

    public long correct() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return correct;
    }

    /** Images whose true class is {@code c}. */
    public long support(int c) {
        long sum = 0;
        for (long count : counts[c]) {
            sum += count;
        }
        return sum;
    }

    private long predictedAs(int c) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[c];
        }
        return sum;
    }

    /** Of the images predicted as {@code c}, the fraction that are; 0 when none was predicted as it. */
    public double precision(int c) {
        long predicted = predictedAs(c);
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    /** Of the images of class {@code c}, the fraction predicted as it; 0 when there are none. */
    public double recall(int c) {
        long support = support(c);
        return support == 0 ? 0 : (double) counts[c][c] / support;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
