package dev.mnist.core.train;

import dev.mnist.core.data.LabelledImages;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Mini-batches of images, in a given order of indices, as ND4J arrays: features
 * [batch, channels, rows, cols] scaled to [0, 1] and one-hot labels [batch, classes].
 */
final class BatchIterator implements DataSetIterator {
    private final LabelledImages images;
    private final int[] order;
    private final int batchSize;
    private final int classes;
    private final int start;
    private final BooleanSupplier stop;
    private int position;

    BatchIterator(LabelledImages images, int[] order, int batchSize, int classes) {
        this(images, order, 0, batchSize, classes, () -> false);
    }

    /** Batches from {@code order[start]} on, ending early once {@code stop} says so (never before the first). */
    BatchIterator(LabelledImages images, int[] order, int start, int batchSize, int classes, BooleanSupplier stop) {
        this.images = images;
        this.order = order;
        this.batchSize = batchSize;
        this.classes = classes;
        this.start = start;
        this.stop = stop;
        this.position = start;
    }

    @Override
    public boolean hasNext() {
        return position < order.length && (position == start || !stop.getAsBoolean());
    }

    /** How many of the order's images have been handed out, counting those skipped at the start. */
    int position() {
        return position;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        int size = Math.min(num, order.length - position);
        int imageSize = images.imageSize();
        float[] features = new float[size * imageSize];
        float[] labels = new float[size * classes];
        byte[] pixels = images.pixels();
        for (int b = 0; b < size; b++) {
            int index = order[position + b];
            int from = index * imageSize;
            int to = b * imageSize;
            for (int p = 0; p < imageSize; p++) {
                features[to + p] = (pixels[from + p] & 0xFF) / 255f;
            }
            labels[b * classes + images.label(index)] = 1f;
        }
        position += size;
        INDArray x = Nd4j.create(features, new long[]{size, images.channels(), images.rows(), images.cols()}, 'c');
        INDArray y = Nd4j.create(labels, new long[]{size, classes}, 'c');
        return new DataSet(x, y);
    }

    @Override
    public int inputColumns() {
        return images.imageSize();
    }

    @Override
    public int totalOutcomes() {
        return classes;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        position = start;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("scaling is built in");
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return null;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
