package dev.mnist.core.infer;

import dev.mnist.core.model.InputContract;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place where prepared image bytes become the network's input tensor: planar unsigned
 * bytes in the contract's shape, less the contract's mean, scaled as the contract says, as an array
 * {@code [count, channels, height, width]}. Training batches, validation, evaluation, prediction and
 * serving all go through it.
 */
public final class InputTensor {
    private final InputContract contract;
    private final int imageSize;
    private final float[] scaled = new float[256];
    /** Each input position's mean, 0-255; null when none is subtracted. */
    private final float[] mean;

    public InputTensor(InputContract contract) {
        this.contract = contract;
        this.imageSize = contract.shape().size();
        this.mean = contract.mean() == InputContract.Mean.NONE ? null : contract.meanValues();
        if (contract.mean() != InputContract.Mean.NONE && mean == null) {
            throw new IllegalArgumentException("the contract subtracts a mean but has no values for it");
        }
        for (int value = 0; value < 256; value++) {
            scaled[value] = contract.scaling().apply(value);
        }
    }

    /** Images {@code 0..count-1} of {@code pixels}, one after another. */
    public INDArray of(byte[] pixels, int count) {
        return Nd4j.create(values(pixels, count), shape(count), 'c');
    }

    /** The input values of {@link #of}, as a plain array: any thread may make them. */
    public float[] values(byte[] pixels, int count) {
        return values(pixels, count, new float[count * imageSize]);
    }

    /** The same, written into {@code features} (at least {@code count} images long). */
    public float[] values(byte[] pixels, int count, float[] features) {
        if (pixels.length < (long) count * imageSize || features.length < (long) count * imageSize) {
            throw new IllegalArgumentException(pixels.length + " bytes for " + count + " images of " + imageSize);
        }
        if (mean == null) {
            for (int i = 0; i < count * imageSize; i++) {
                features[i] = scaled[pixels[i] & 0xFF];
            }
        } else {
            InputContract.Scaling scaling = contract.scaling();
            for (int i = 0; i < count * imageSize; i++) {
                features[i] = scaling.apply((pixels[i] & 0xFF) - mean[i % imageSize]);
            }
        }
        return features;
    }

    /** {@code [count, channels, height, width]}. */
    public long[] shape(int count) {
        return new long[]{count, contract.channels(), contract.height(), contract.width()};
    }
}
