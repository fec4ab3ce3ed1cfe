package dev.mnist.core.train;

import dev.mnist.core.model.Network.DropoutMask;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutMasksTest {
    private static final DropoutMask MASK = new DropoutMask("drop_mask", 0.25, new long[]{2_000});
    private static final DropoutMask SECOND = new DropoutMask("drop2_mask", 0.5, new long[]{3, 4});

    private static float[] mask(long seed, int epoch, int position) {
        return new DropoutMasks(List.of(MASK), seed).draw(epoch, position, 10).get(MASK.placeholder()).dup('c').data().asFloat();
    }

    @Test
    void aMaskDropsAboutTheRateAndScalesWhatItKeeps() {
        Map<String, INDArray> masks = new DropoutMasks(List.of(MASK, SECOND), 1).draw(1, 0, 10);
        assertEquals(List.of("drop_mask", "drop2_mask"), List.copyOf(masks.keySet()), "one mask a dropout layer, in layer order");
        assertArrayEquals(new long[]{10, 2_000}, masks.get("drop_mask").shape());
        assertArrayEquals(new long[]{10, 3, 4}, masks.get("drop2_mask").shape());
        float[] mask = masks.get("drop_mask").dup('c').data().asFloat();
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
        float[] second = mask(3, 2, 10);
        assertArrayEquals(second, mask(3, 2, 10), "drawn again, as a run resumed at that batch draws it");
        assertFalse(java.util.Arrays.equals(second, mask(3, 3, 10)), "another epoch draws other masks");
        assertFalse(java.util.Arrays.equals(second, mask(3, 2, 20)), "another batch draws other masks");
        assertFalse(java.util.Arrays.equals(second, mask(4, 2, 10)), "another seed draws other masks");
        assertTrue(new DropoutMasks(List.of(), 3).draw(1, 0, 10).isEmpty(), "no dropout layer, no mask");
    }
}
