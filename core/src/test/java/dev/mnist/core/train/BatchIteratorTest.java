package dev.mnist.core.train;

import dev.mnist.core.data.ImageSet;
import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Each batch holds its own images and labels, though the arrays are written again for the next. */
class BatchIteratorTest {
    /** Image i: every pixel i, label i % 3. */
    private static final ImageSet IMAGES = new ImageSet() {
        public int count() { return 7; }
        public int channels() { return 1; }
        public int rows() { return 2; }
        public int cols() { return 2; }
        public int label(int index) { return index % 3; }
        public void copy(int index, byte[] target, int offset) {
            java.util.Arrays.fill(target, offset, offset + 4, (byte) index);
        }
    };

    @Test
    void everyBatchIsItsImagesWhateverWasHandedOutBefore() {
        InputTensor tensor = new InputTensor(InputContract.of(new InputShape(1, 2, 2), InputContract.Preparation.PLAIN));
        int[] order = {6, 0, 5, 1, 4, 2, 3};
        BatchIterator batches = new BatchIterator(IMAGES, tensor, ImageView.unchanged(4), order, 3, 3);
        INDArray firstFeatures = null;
        for (int from = 0; from < order.length; from += 3) {
            DataSet batch = batches.next();
            int size = Math.min(3, order.length - from);
            assertEquals(size, batch.getFeatures().size(0));
            for (int b = 0; b < size; b++) {
                int image = order[from + b];
                float[] expected = tensor.values(IMAGES.image(image), 1);
                assertArrayEquals(expected, batch.getFeatures().slice(b).dup().data().asFloat(), 0f, "image " + image);
                float[] label = new float[3];
                label[image % 3] = 1;
                assertArrayEquals(label, batch.getLabels().getRow(b).dup().data().asFloat(), 0f, "label of " + image);
            }
            if (from == 0) {
                firstFeatures = batch.getFeatures();
            } else if (size == 3) {
                assertSame(firstFeatures, batch.getFeatures(), "the second batch in the first's arrays");
            }
        }
        assertFalse(batches.hasNext());
    }
}
