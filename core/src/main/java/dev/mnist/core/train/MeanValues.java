package dev.mnist.core.train;

import dev.mnist.core.data.ImageSet;
import dev.mnist.core.model.InputContract.Mean;

/** {@code train --mean}: the training images' mean, per position or per channel, one value per input position. */
final class MeanValues {
    private MeanValues() {
    }

    static float[] of(ImageSet images, int[] indices, Mean mode) {
        int size = images.imageSize();
        long[] sums = new long[size];
        byte[] pixels = new byte[size];
        for (int index : indices) {
            images.copy(index, pixels, 0);
            for (int i = 0; i < size; i++) {
                sums[i] += pixels[i] & 0xFF;
            }
        }
        float[] mean = new float[size];
        if (mode == Mean.IMAGE) {
            for (int i = 0; i < size; i++) {
                mean[i] = (float) ((double) sums[i] / indices.length);
            }
            return mean;
        }
        int plane = images.rows() * images.cols();
        for (int c = 0; c < images.channels(); c++) {
            long sum = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                sum += sums[i];
            }
            java.util.Arrays.fill(mean, c * plane, (c + 1) * plane, (float) ((double) sum / indices.length / plane));
        }
        return mean;
    }
}
