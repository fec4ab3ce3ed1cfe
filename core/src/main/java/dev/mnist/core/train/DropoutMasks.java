package dev.mnist.core.train;

import dev.mnist.core.model.Network.DropoutMask;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A fresh dropout mask for each of the network's dropout layers, per batch, fed to the training
 * graph's mask placeholders. A batch's masks are drawn, in layer order, from a generator seeded by
 * the run's seed, the epoch and the batch's first position, so a run resumed mid-epoch draws exactly
 * what it would have.
 */
final class DropoutMasks {
    private final List<DropoutMask> masks;
    private final long seed;

    DropoutMasks(List<DropoutMask> masks, long seed) {
        this.masks = masks;
        this.seed = seed;
    }

    /** The masks, by placeholder, of the batch of {@code size} images from {@code position} in {@code epoch}'s order. */
    Map<String, INDArray> draw(int epoch, int position, int size) {
        Map<String, INDArray> drawn = new LinkedHashMap<>();
        if (masks.isEmpty()) {
            return drawn;
        }
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch * 1_000_000_007L + position);
        for (DropoutMask mask : masks) {
            drawn.put(mask.placeholder(), mask(mask, size, random));
        }
        return drawn;
    }

    private static INDArray mask(DropoutMask mask, int size, SplittableRandom random) {
        long[] shape = mask.shape(size);
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        float kept = (float) (1 / (1 - mask.rate()));
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < mask.rate() ? 0 : kept;
        }
        return Nd4j.create(values, shape, 'c');
    }
}
