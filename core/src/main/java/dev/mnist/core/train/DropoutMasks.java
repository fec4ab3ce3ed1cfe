package dev.mnist.core.train;

import dev.mnist.core.model.NetworkBuilder.DropoutMask;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * An epoch's batches with a fresh dropout mask for each of the network's dropout layers, as the
 * training graph's extra inputs: the images, then the masks in layer order. A batch's masks are
 * drawn from a generator seeded by the run's seed, the epoch and the batch's first position, so
 * a run resumed mid-epoch draws exactly what it would have.
 */
final class DropoutMasks implements MultiDataSetIterator {
    private final BatchIterator batches;
    private final List<DropoutMask> masks;
    private final long seed;
    private final int epoch;

    DropoutMasks(BatchIterator batches, List<DropoutMask> masks, long seed, int epoch) {
        this.batches = batches;
        this.masks = masks;
        this.seed = seed;
        this.epoch = epoch;
    }

    @Override
    public boolean hasNext() {
        return batches.hasNext();
    }

    @Override
    public MultiDataSet next() {
        return next(batches.batch());
    }

    @Override
    public MultiDataSet next(int num) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch * 1_000_000_007L + batches.position());
        DataSet batch = batches.next(num);
        int size = (int) batch.getFeatures().size(0);
        INDArray[] features = new INDArray[1 + masks.size()];
        features[0] = batch.getFeatures();
        for (int i = 0; i < masks.size(); i++) {
            features[i + 1] = mask(masks.get(i), size, random);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(features, new INDArray[]{batch.getLabels()});
    }

    private static INDArray mask(DropoutMask mask, int size, SplittableRandom random) {
        long[] shape = mask.shape(size);
        float[] values = new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        float kept = (float) (1 / (1 - mask.rate()));
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < mask.rate() ? 0 : kept;
        }
        return Nd4j.create(values, shape, 'c');
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        throw new UnsupportedOperationException("scaling is the input contract's");
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return null;
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
        batches.reset();
    }
}
