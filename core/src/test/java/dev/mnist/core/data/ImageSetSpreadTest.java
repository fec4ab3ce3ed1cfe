package dev.mnist.core.data;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --limit N} on class folders: {@link ImageSet#spread}. */
class ImageSetSpreadTest {

    /** Images in class order, {@code sizes[c]} of class c, each image's one pixel its index. */
    private static ImageSet inClassOrder(int... sizes) {
        int count = IntStream.of(sizes).sum();
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count];
        int i = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int k = 0; k < sizes[c]; k++, i++) {
                labels[i] = (byte) c;
                pixels[i] = (byte) i;
            }
        }
        return new LabelledImages(count, 1, 1, 1, pixels, labels);
    }

    private static int[] perClass(ImageSet set, int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < set.count(); i++) {
            counts[set.label(i)]++;
        }
        return counts;
    }

    @Test
    void aSmallClassKeepsAnImageWhereEvenStridesWouldSkipIt() {
        // Five even strides over 102 images start at 0, 20, 40, 61 and 81: none of class 1 (images 50-51).
        ImageSet set = inClassOrder(50, 2, 50);
        ImageSet limited = set.spread(5);
        assertEquals(5, limited.count());
        int[] counts = perClass(limited, 3);
        assertEquals(1, counts[1], "the small class keeps one image");
        assertEquals(4, counts[0] + counts[2]);
        assertTrue(Math.abs(counts[0] - counts[2]) <= 1, "the two large classes share the rest evenly");
    }

    @Test
    void sharesFollowTheClassesSizesAndKeepTheSetsOrder() {
        ImageSet set = inClassOrder(60, 30, 10);
        ImageSet limited = set.spread(10);
        assertArrayEquals(new int[]{6, 3, 1}, perClass(limited, 3));
        int previous = -1;
        for (int i = 0; i < limited.count(); i++) {
            int index = limited.image(i)[0] & 0xff;
            assertTrue(index > previous, "in the set's order");
            previous = index;
        }
        // Class 0's six are spread over its sixty: one in every ten.
        assertEquals(0, limited.image(0)[0]);
        assertEquals(10, limited.image(1)[0]);
        assertEquals(50, limited.image(5)[0]);
    }

    @Test
    void fewerImagesThanClassesGoToTheLargestAndAllIsAll() {
        ImageSet set = inClassOrder(50, 3, 40, 2);
        assertArrayEquals(new int[]{1, 0, 1, 0}, perClass(set.spread(2), 4));
        assertEquals(set.count(), set.spread(95).count());
        assertEquals(set.count(), set.spread(1000).count());
        assertArrayEquals(new int[]{49, 3, 39, 2}, perClass(set.spread(93), 4), "no class gets more than it has");
    }
}
