package dev.mnist.core.train;

import dev.mnist.core.data.ImageSet;
import dev.mnist.core.infer.InputTensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Mini-batches of images, in a given order of indices, as ND4J arrays: features
 * [batch, channels, rows, cols] as {@link InputTensor} makes them, and one-hot labels [batch, classes].
 */
final class BatchIterator implements DataSetIterator {
    private final ImageSet images;
    private final InputTensor tensor;
    private final int[] order;
    private final int batchSize;
    private final int classes;
    private final int start;
    private final BooleanSupplier stop;
    private int position;

    BatchIterator(ImageSet images, InputTensor tensor, int[] order, int batchSize, int classes) {
        this(images, tensor, order, 0, batchSize, classes, () -> false);
    }

    /** Batches from {@code order[start]} on, ending early once {@code stop} says so (never before the first). */
    BatchIterator(ImageSet images, InputTensor tensor, int[] order, int start, int batchSize, int classes,
                  BooleanSupplier stop) {
        this.images = images;
        this.tensor = tensor;
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
        float[] labels = new float[size * classes];
        for (int b = 0; b < size; b++) {
            labels[b * classes + images.label(order[position + b])] = 1f;
        }
        int imageSize = images.imageSize();
        byte[] pixels = new byte[size * imageSize];
        for (int b = 0; b < size; b++) {
            images.copy(order[position + b], pixels, b * imageSize);
        }
        INDArray x = tensor.of(pixels, size);
        position += size;
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
        throw new UnsupportedOperationException("scaling is the input contract's");
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
