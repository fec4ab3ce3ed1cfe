package dev.mnist.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar with rate and ETA. On a terminal it redraws in place at most ten times a
 * second; elsewhere (logs, CI) it prints a plain line at each quarter. Safe to call from threads.
 */
public final class ProgressBar {
    public enum Unit { BYTES, ITEMS, IMAGES }

    private static final int WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final Unit unit;
    private final boolean interactive;
    private final boolean silent;
    private final long startNanos = System.nanoTime();
    private long startCount = -1;
    private long lastDrawNanos;
    private int lastQuarter;

    ProgressBar(PrintWriter err, String label, long total, Unit unit, boolean interactive, boolean silent) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.interactive = interactive;
        this.silent = silent;
    }

    public void update(long done) {
        update(done, "");
    }

    /** @param extra text shown after the figures, e.g. a running loss */
    public synchronized void update(long done, String extra) {
        if (silent) {
            return;
        }
        if (startCount < 0) {
            startCount = done;
        }
        long now = System.nanoTime();
        if (interactive) {
            if (now - lastDrawNanos >= REDRAW_NANOS || done >= total) {
                lastDrawNanos = now;
                err.print("\r" + line(done, now, extra) + "\u001b[K");
                err.flush();
            }
        } else if (total > 0) {
            int quarter = (int) Math.min(4, done * 4 / total);
            if (quarter > lastQuarter && quarter < 4) {
                lastQuarter = quarter;
                err.println(line(done, now, extra));
                err.flush();
            }
        }
    }

    /** Ends the bar with a summary line. */
    public synchronized void finish(String summary) {
        if (silent) {
            return;
        }
        err.println((interactive ? "\r\u001b[K" : "") + label + ": " + summary);
        err.flush();
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private String line(long done, long now, String extra) {
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = (done - Math.max(0, startCount)) / seconds;
        StringBuilder text = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) (WIDTH * Math.min(1.0, (double) done / total));
            text.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", done * 100 / total));
        }
        text.append(amount(done)).append(total > 0 ? "/" + amount(total) : "")
                .append("  ").append(rateText(unit, rate));
        if (total > 0 && rate > 0 && done < total) {
            text.append("  ETA ").append(duration((total - done) / rate));
        }
        if (!extra.isEmpty()) {
            text.append("  ").append(extra);
        }
        return text.toString();
    }

    private String amount(long value) {
        return unit == Unit.BYTES ? bytes(value) : Long.toString(value);
    }

    /** A rate under 10 an item keeps a decimal: lr-find's few batches a second are not "0/s". */
    static String rateText(Unit unit, double rate) {
        if (unit == Unit.BYTES) {
            return bytes((long) rate) + "/s";
        }
        String count = String.format(Locale.ROOT, rate < 9.95 ? "%.1f" : "%.0f", rate);
        return count + (unit == Unit.IMAGES ? " img/s" : "/s");
    }

    static String bytes(long value) {
        if (value < 1024) {
            return value + " B";
        }
        if (value < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f kB", value / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", value / (1024.0 * 1024));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
