package dev.mnist.core.train;

import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.MeanImage;
import dev.mnist.core.model.InputContract.Mean;
import dev.mnist.core.model.InputShape;

import java.util.Arrays;

/** {@code train --mean}: the training images' mean, per position or per channel, one value per input position. */
final class MeanValues {
    private MeanValues() {
    }

    static float[] of(ImageSet images, int[] indices, Mean mode) {
        MeanImage mean = new MeanImage(new InputShape(images.channels(), images.rows(), images.cols()));
        byte[] pixels = new byte[images.imageSize()];
        for (int index : indices) {
            images.copy(index, pixels, 0);
            mean.add(pixels, 0);
        }
        if (mode == Mean.IMAGE) {
            return mean.values();
        }
        float[] values = new float[images.imageSize()];
        int plane = images.rows() * images.cols();
        double[] channels = mean.perChannel();
        for (int c = 0; c < channels.length; c++) {
            Arrays.fill(values, c * plane, (c + 1) * plane, (float) channels[c]);
        }
        return values;
    }
}
