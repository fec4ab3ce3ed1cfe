package dev.mnist.core.data;

/**
 * Grayscale images with one label each, held as flat unsigned bytes: image {@code i} is
 * {@code pixels[i*rows*cols ... (i+1)*rows*cols)}, row-major, and its label is {@code labels[i] & 0xFF}.
 */
public record LabelledImages(int count, int rows, int cols, byte[] pixels, byte[] labels) {

    public int imageSize() {
        return rows * cols;
    }

    public int label(int index) {
        return labels[index] & 0xFF;
    }

    /** Count of images per label, for labels 0..classes-1. */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (byte label : labels) {
            counts[label & 0xFF]++;
        }
        return counts;
    }
}
