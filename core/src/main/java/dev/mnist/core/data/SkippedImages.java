package dev.mnist.core.data;

import dev.mnist.core.InvalidInputException;

import java.util.List;
import java.util.Locale;

/** The bar on unreadable images a data set may leave out ("file: why" each), shared by store creation and class folders. */
public final class SkippedImages {
    /** How many of them a refusal names; the rest are counted. */
    private static final int LISTED = 5;

    private SkippedImages() {
    }

    /**
     * Refuses when more than {@code maxPercent} of {@code total} images were skipped, naming the first few.
     *
     * @param bar how the message names the bar, e.g. "--max-skipped 1.0%"
     * @param prefix what goes before the message (a folder's "DIR: "), {@code suffix} after it
     */
    public static void check(List<String> skipped, int total, double maxPercent, String prefix, String bar, String suffix) {
        double percent = total == 0 ? 0 : 100.0 * skipped.size() / total;
        if (skipped.isEmpty() || percent <= maxPercent) {
            return;
        }
        String listed = String.join("; ", skipped.subList(0, Math.min(LISTED, skipped.size())));
        String more = skipped.size() > LISTED ? "; and " + (skipped.size() - LISTED) + " more" : "";
        throw new InvalidInputException(prefix + String.format(Locale.ROOT, "%d of %d images (%.1f%%) could not be read, over %s: %s%s",
                skipped.size(), total, percent, bar, listed, more) + suffix);
    }
}
