package dev.mnist.core.train;

import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.NetworkBuilder.DropoutMask;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutMasksTest {
    private static final InputShape SHAPE = new InputShape(1, 2, 2);
    private static final LabelledImages IMAGES = new LabelledImages(40, 1, 2, 2, new byte[40 * 4], new byte[40]);
    private static final DropoutMask MASK = new DropoutMask("drop_mask", 0.25, new long[]{2_000});

    private static DropoutMasks masks(long seed, int epoch, int start) {
        int[] order = IntStream.range(0, 40).toArray();
        BatchIterator batches = new BatchIterator(IMAGES, new InputTensor(InputContract.of(SHAPE, InputContract.Preparation.PLAIN)),
                ImageView.unchanged(SHAPE.size()), order, start, 10, 2, () -> false);
        return new DropoutMasks(batches, List.of(MASK), seed, epoch);
    }

    @Test
    void aMaskDropsAboutTheRateAndScalesWhatItKeeps() {
        MultiDataSet batch = masks(1, 1, 0).next();
        assertEquals(2, batch.getFeatures().length, "the images, then one mask");
        float[] mask = batch.getFeatures(1).dup('c').data().asFloat();
        assertArrayEquals(new long[]{10, 2_000}, batch.getFeatures(1).shape());
        long dropped = 0;
        for (float value : mask) {
            if (value == 0) {
                dropped++;
            } else {
                assertEquals(1 / 0.75f, value, 1e-6f);
            }
        }
        assertEquals(0.25, dropped / (double) mask.length, 0.01);
    }

    @Test
    void aBatchsMasksDependOnTheSeedEpochAndPositionAlone() {
        DropoutMasks straight = masks(3, 2, 0);
        straight.next();
        float[] second = straight.next().getFeatures(1).dup('c').data().asFloat();
        assertArrayEquals(second, masks(3, 2, 10).next().getFeatures(1).dup('c').data().asFloat(), "resumed at the second batch");
        assertFalse(java.util.Arrays.equals(second, masks(3, 3, 10).next().getFeatures(1).dup('c').data().asFloat()),
                "another epoch draws other masks");
        assertNotEquals(masks(3, 2, 0).next().getFeatures(1), masks(4, 2, 0).next().getFeatures(1), "another seed draws other masks");
        assertTrue(straight.hasNext());
    }
}
