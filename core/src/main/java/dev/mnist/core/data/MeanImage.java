package dev.mnist.core.data;

import dev.mnist.core.image.Pictures;
import dev.mnist.core.io.Png;
import dev.mnist.core.model.InputShape;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mean of images, pixel by pixel and per channel, as DIGITS computes it for mean subtraction:
 * of a store's training split ({@code dataset create}) or of a run's training images ({@code train --mean}).
 */
public final class MeanImage {
    private final InputShape shape;
    private final long[] sums;
    private long count;

    public MeanImage(InputShape shape) {
        this.shape = shape;
        this.sums = new long[shape.size()];
    }

    public void add(byte[] pixels, int offset) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += pixels[offset + i] & 0xFF;
        }
        count++;
    }

    /** Each pixel's mean, 0-255, planar. */
    public float[] values() {
        float[] mean = new float[sums.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = count == 0 ? 0 : (float) ((double) sums[i] / count);
        }
        return mean;
    }

    /** The mean of each channel over all its pixels. */
    public double[] perChannel() {
        double[] means = new double[shape.channels()];
        int plane = shape.height() * shape.width();
        for (int c = 0; c < means.length; c++) {
            long sum = 0;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                sum += sums[i];
            }
            means[c] = count == 0 ? 0 : (double) sum / count / plane;
        }
        return means;
    }

    public void writePng(Path file) {
        float[] mean = values();
        byte[] rounded = new byte[mean.length];
        for (int i = 0; i < mean.length; i++) {
            rounded[i] = (byte) Math.round(mean[i]);
        }
        Png.write(Pictures.fromPixels(rounded, 0, shape.channels(), shape.height(), shape.width()), file);
    }

    /** An IDX file of floats, dimensions [channels, height, width]. */
    public void writeValues(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(0x0D03);
            out.writeInt(shape.channels());
            out.writeInt(shape.height());
            out.writeInt(shape.width());
            for (float value : values()) {
                out.writeFloat(value);
            }
        }
    }
}
