package dev.mnist.core.data.augment;

import dev.mnist.core.data.augment.Augmentation.Flip;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmenterTest {
    private static final InputShape DIGIT = InputShape.MNIST;
    private static final byte[] SEVEN = Fixtures.testSet().image(0);

    @Test
    void aCropIsAWindowAtARandomPlaceAndTheCentreAtInference() {
        Augmenter crop = new Augmenter(only(24), DIGIT);
        assertEquals(new InputShape(1, 24, 24), crop.output());
        java.util.Set<String> places = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            byte[] out = new byte[576];
            crop.augment(SEVEN, 0, out, 0, new SplittableRandom(seed));
            places.add(placeOf(out));
        }
        assertTrue(places.size() > 10, "windows at many places: " + places);
        assertTrue(places.stream().allMatch(p -> !p.equals("none")), "every output is a window of the image: " + places);
        byte[] centre = new byte[576];
        crop.centre(SEVEN, 0, centre, 0);
        assertEquals("2,2", placeOf(centre));
        assertThrows(IllegalArgumentException.class, () -> new Augmenter(only(29), DIGIT));
    }

    @Test
    void aHorizontalFlipIsTheExactMirrorHalfTheTime() {
        Augmenter flip = new Augmenter(new Augmentation(0, Flip.HORIZONTAL, 0, 0, 0, 0, false, false), DIGIT);
        byte[] mirror = new byte[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                mirror[y * 28 + x] = SEVEN[y * 28 + 27 - x];
            }
        }
        int mirrored = 0;
        for (long seed = 0; seed < 200; seed++) {
            byte[] out = augment(flip, SEVEN, seed);
            boolean isMirror = Arrays.equals(out, mirror);
            assertTrue(isMirror || Arrays.equals(out, SEVEN), "seed " + seed);
            mirrored += isMirror ? 1 : 0;
        }
        assertTrue(mirrored > 70 && mirrored < 130, mirrored + " of 200 mirrored");
    }

    @Test
    void warpsKeepTheDigitRecognisablyInPlaceAndDependOnTheSeedAlone() {
        for (Augmentation a : new Augmentation[]{new Augmentation(0, Flip.NONE, 15, 0, 0, 0, false, false),
                new Augmentation(0, Flip.NONE, 0, 0.1, 0.1, 0, false, false),
                new Augmentation(0, Flip.NONE, 0, 0, 0, 0, false, true)}) {
            Augmenter augmenter = new Augmenter(a, DIGIT);
            byte[] first = augment(augmenter, SEVEN, 3);
            assertArrayEquals(first, augment(augmenter, SEVEN, 3), a.describe() + ": same seed, same image");
            assertFalse(Arrays.equals(first, augment(augmenter, SEVEN, 4)), a.describe() + ": another seed, another image");
            assertFalse(Arrays.equals(first, SEVEN), a.describe() + " changes the image");
            double correlation = Images.correlation(first, SEVEN);
            assertTrue(correlation > 0.15 && correlation < 0.999, a.describe() + ": correlation with the original " + correlation);
            assertEquals(ink(SEVEN), ink(first), ink(SEVEN) * 0.35, a.describe() + " keeps about the ink it had");
        }
    }

    @Test
    void noiseHasTheStandardDeviationAsked() {
        byte[] gray = new byte[784];
        Arrays.fill(gray, (byte) 128);
        byte[] out = augment(new Augmenter(new Augmentation(0, Flip.NONE, 0, 0, 0, 10, false, false), DIGIT), gray, 1);
        double sum = 0;
        double squares = 0;
        for (byte b : out) {
            double d = (b & 0xFF) - 128;
            sum += d;
            squares += d * d;
        }
        assertEquals(0, sum / 784, 1.5);
        assertEquals(10, Math.sqrt(squares / 784), 1.0);
    }

    @Test
    void hsvChangesColourImagesOnly() {
        InputShape rgb = new InputShape(3, 8, 8);
        byte[] colour = new byte[rgb.size()];
        new SplittableRandom(5).nextBytes(colour);
        Augmenter hsv = new Augmenter(new Augmentation(0, Flip.NONE, 0, 0, 0, 0, true, false), rgb);
        byte[] out = new byte[rgb.size()];
        hsv.augment(colour, 0, out, 0, new SplittableRandom(9));
        assertFalse(Arrays.equals(colour, out));
        assertTrue(Images.correlation(colour, out) > 0.9, "the same picture, tinted");
        assertArrayEquals(SEVEN, augment(new Augmenter(new Augmentation(0, Flip.NONE, 0, 0, 0, 0, true, false), DIGIT), SEVEN, 9));
    }

    private static Augmentation only(int crop) {
        return new Augmentation(crop, Flip.NONE, 0, 0, 0, 0, false, false);
    }

    private static byte[] augment(Augmenter augmenter, byte[] image, long seed) {
        byte[] out = new byte[augmenter.output().size()];
        augmenter.augment(image, 0, out, 0, new SplittableRandom(seed));
        return out;
    }

    /** Where a 24x24 window equals SEVEN's pixels: "x,y", or "none". */
    private static String placeOf(byte[] window) {
        for (int y0 = 0; y0 <= 4; y0++) {
            for (int x0 = 0; x0 <= 4; x0++) {
                boolean same = true;
                for (int y = 0; y < 24 && same; y++) {
                    for (int x = 0; x < 24 && same; x++) {
                        same = window[y * 24 + x] == SEVEN[(y0 + y) * 28 + x0 + x];
                    }
                }
                if (same) {
                    return x0 + "," + y0;
                }
            }
        }
        return "none";
    }

    private static double ink(byte[] image) {
        double sum = 0;
        for (byte b : image) {
            sum += b & 0xFF;
        }
        return sum;
    }
}
