package dev.mnist.core.run;

import java.util.Locale;

/**
 * One line of {@code steps.csv}: the training loss since the record before, at global batch
 * {@code step} (counted from 1 over the whole run), {@code epoch} the same as a fraction of epochs,
 * the learning rate there, images per second since the record before, and the wall-clock time
 * (Unix seconds).
 */
public record StepRecord(long step, double epoch, double loss, double learningRate, double imagesPerSecond, double time) {

    public static final String CSV_HEADER = "step,epoch,loss,learning_rate,images_per_second,time";

    public String csv() {
        return String.format(Locale.ROOT, "%d,%.5f,%.6g,%.6g,%.1f,%.3f", step, epoch, loss, learningRate, imagesPerSecond, time);
    }

    /** A line as {@link #csv()} writes it; anything else is an {@link IllegalArgumentException}. */
    public static StepRecord parse(String line) {
        String[] f = line.split(",");
        if (f.length != 6) {
            throw new IllegalArgumentException("expected 6 fields, not " + f.length + ": '" + line + "'");
        }
        return new StepRecord(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]));
    }
}
