package dev.mnist.core.infer;

/** Counts over a classify run; accuracy over the labelled inputs that were classified. */
public record ClassifySummary(long classified, long blank, long failed, long labelled, long correct) {

    public long total() {
        return classified + blank + failed;
    }

    public double accuracy() {
        return labelled == 0 ? Double.NaN : (double) correct / labelled;
    }
}
