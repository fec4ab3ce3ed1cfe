package dev.mnist.core.data.store;

import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputContract.Resize;
import dev.mnist.core.model.InputShape;

import java.util.List;
import java.util.Map;

/**
 * A store's {@code dataset.json}: what the images are (shape, how they were resized and prepared),
 * their classes, how many of each class every split holds, how the splits were drawn, and the
 * training split's mean per channel (the mean image itself is {@code mean-image.idx}).
 */
public record StoreManifest(String format, int version, int channels, int height, int width, Resize resize,
                            Preparation preparation, String preparationReason, List<String> classNames,
                            Map<String, SplitCounts> splits, long seed, double valPercent, double testPercent,
                            Map<String, String> sources, int skipped, double[] meanPerChannel, String created, String mnist) {

    public static final String FORMAT = "mnist-dataset";
    public static final int VERSION = 1;

    /** Images in a split, in all and per class. */
    public record SplitCounts(int count, int[] perClass) {
    }

    public InputShape shape() {
        return new InputShape(channels, height, width);
    }

    public int count(StoreSplit split) {
        SplitCounts counts = splits.get(split.id());
        return counts == null ? 0 : counts.count();
    }
}
