package dev.mnist.core.data;

/**
 * Images with one label each, held as flat unsigned bytes: image {@code i} is
 * {@code pixels[i*imageSize() ... (i+1)*imageSize())}, planar (channel, row, column), and its
 * label is {@code labels[i] & 0xFF}.
 */
public record LabelledImages(int count, int channels, int rows, int cols, byte[] pixels, byte[] labels) implements ImageSet {

    @Override
    public int label(int index) {
        return labels[index] & 0xFF;
    }

    @Override
    public void copy(int index, byte[] target, int offset) {
        int size = imageSize();
        System.arraycopy(pixels, index * size, target, offset, size);
    }

    /** Count of images per label, for labels 0..classes-1. */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (byte label : labels) {
            counts[label & 0xFF]++;
        }
        return counts;
    }

    /** The first {@code n} images, sharing nothing with this. */
    @Override
    public LabelledImages first(int n) {
        int size = Math.min(n, count);
        return new LabelledImages(size, channels, rows, cols,
                java.util.Arrays.copyOf(pixels, size * imageSize()), java.util.Arrays.copyOf(labels, size));
    }
}
