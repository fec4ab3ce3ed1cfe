package dev.mnist.core.train;

import dev.mnist.core.MnistException;
import dev.mnist.core.data.ImageSet;
import dev.mnist.core.infer.InputTensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mini-batches of images, in a given order of indices, as ND4J arrays: features
 * [batch, channels, rows, cols] as {@link InputTensor} makes them, and one-hot labels [batch, classes].
 * The next few batches are read, put through the {@link ImageView} and converted on worker threads
 * while the network computes; each batch depends only on its place in the order, so what a run
 * trains on does not depend on the threads, and at most {@link #AHEAD} batches are held. A batch
 * handed out is good until the next one is asked for.
 */
final class BatchIterator {
    private static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    static final int AHEAD = 2 * WORKERS;
    private static final ExecutorService PREPARERS = Executors.newFixedThreadPool(WORKERS, task -> {
        Thread thread = new Thread(task, "mnist-batches");
        thread.setDaemon(true);
        return thread;
    });

    private final ImageSet images;
    private final InputTensor tensor;
    private final ImageView view;
    private final int[] order;
    private final int batchSize;
    private final int classes;
    private final ArrayDeque<Future<Prepared>> ahead = new ArrayDeque<>();
    /** Buffers of batches already handed over, for the next ones: large images would otherwise churn the heap. */
    private final ArrayBlockingQueue<Buffers> spare = new ArrayBlockingQueue<>(AHEAD + 1);
    private int position;
    private int scheduled;
    /** The arrays of the batch handed out last. */
    private INDArray features;
    private INDArray labels;

    /** A batch ready to become arrays: its features, scaled, and one-hot labels; {@code buffers} hold them. */
    private record Prepared(Buffers buffers, float[] labels, int size) {
    }

    /** A batch's pixels and their values as the network takes them. */
    private record Buffers(byte[] pixels, float[] features) {
    }

    BatchIterator(ImageSet images, InputTensor tensor, ImageView view, int[] order, int batchSize, int classes) {
        this(images, tensor, view, order, 0, batchSize, classes);
    }

    /** Batches from {@code order[start]} on. */
    BatchIterator(ImageSet images, InputTensor tensor, ImageView view, int[] order, int start, int batchSize, int classes) {
        this.images = images;
        this.tensor = tensor;
        this.view = view;
        this.order = order;
        this.batchSize = batchSize;
        this.classes = classes;
        this.position = start;
        this.scheduled = start;
    }

    boolean hasNext() {
        return position < order.length;
    }

    /** How many of the order's images have been handed out, counting those skipped at the start. */
    int position() {
        return position;
    }

    /**
     * The next batch: its features and one-hot labels, in arrays this iterator writes again for the next
     * batch of the same size (a 192x192 colour batch of 32 is 14 MB of memory outside the heap,
     * which a new array for every batch would leave to the garbage collector).
     */
    DataSet next() {
        while (ahead.size() < AHEAD && scheduled < order.length) {
            int from = scheduled;
            int size = Math.min(batchSize, order.length - from);
            ahead.add(PREPARERS.submit(() -> prepare(from, size)));
            scheduled += size;
        }
        Prepared batch = take(ahead.poll());
        position += batch.size();
        long[] shape = tensor.shape(batch.size());
        if (features == null || !Arrays.equals(features.shape(), shape)) {
            features = Nd4j.create(DataType.FLOAT, shape, 'c');
            labels = Nd4j.create(DataType.FLOAT, new long[]{batch.size(), classes}, 'c');
        }
        put(batch.buffers().features(), features);
        put(batch.labels(), labels);
        spare.offer(batch.buffers());
        return new DataSet(features, labels);
    }

    /** Copies {@code values} into {@code array}'s memory directly: {@code DataBuffer.setData} goes through a native copy of its own, left to the collector. */
    private static void put(float[] values, INDArray array) {
        array.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(values);
        // On a GPU the values now live in the host copy only: say so, or the device's stale copy is used.
        Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
    }

    private Prepared prepare(int from, int size) {
        byte[] image = new byte[images.imageSize()];
        Buffers buffers = spare.poll();
        if (buffers == null || buffers.pixels().length != size * view.size()) {
            buffers = new Buffers(new byte[size * view.size()], new float[size * view.size()]);
        }
        byte[] pixels = buffers.pixels();
        float[] labels = new float[size * classes];
        for (int b = 0; b < size; b++) {
            int index = order[from + b];
            images.copy(index, image, 0);
            view.write(image, from + b, pixels, b * view.size());
            labels[b * classes + images.label(index)] = 1f;
        }
        tensor.values(pixels, size, buffers.features());
        return new Prepared(buffers, labels, size);
    }

    private static Prepared take(Future<Prepared> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MnistException("interrupted while reading a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new MnistException("cannot prepare a batch (" + e.getCause() + ")", e.getCause());
        }
    }
}
