package dev.mnist.core.image;

import dev.mnist.core.model.InputContract.Resize;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * DIGITS' four resize modes on an 80x40 image of five vertical gray bands (16 pixels wide each)
 * into 10x10: the sizes follow DIGITS' arithmetic, and whole-factor resampling keeps each band's
 * value exact, so the expected pixels are written out.
 */
class ImageResizerTest {
    private static final int[] BANDS = {10, 60, 110, 160, 210};
    private static final InputShape GRAY = new InputShape(1, 10, 10);

    @Test
    void squashStretchesWholeImage() {
        byte[] out = resized(Resize.SQUASH, GRAY, 1);
        for (int y = 0; y < 10; y++) {
            assertArrayEquals(new int[]{10, 10, 60, 60, 110, 110, 160, 160, 210, 210}, row(out, y, 10), "row " + y);
        }
    }

    @Test
    void cropFitsShortSideAndCutsTheLongOneAtBothEnds() {
        // height ratio 4 < width ratio 8: resized to 20x10 (bands 4 wide), columns 5..14 kept
        assertEquals(new ImageResizer.Plan(20, 10, 5, 0, 0, 0), new ImageResizer(Resize.CROP, GRAY).plan(80, 40));
        byte[] out = resized(Resize.CROP, GRAY, 1);
        for (int y = 0; y < 10; y++) {
            assertArrayEquals(new int[]{60, 60, 60, 110, 110, 110, 110, 160, 160, 160}, row(out, y, 10), "row " + y);
        }
    }

    @Test
    void fillFitsLongSideAndFillsEvenBandsWithNoise() {
        // resized to 10x5, one more row so the two noise bands are equal: 10x6, 2 rows of noise above and below
        assertEquals(new ImageResizer.Plan(10, 6, 0, 0, 0, 2), new ImageResizer(Resize.FILL, GRAY).plan(80, 40));
        byte[] out = resized(Resize.FILL, GRAY, 1);
        for (int y = 2; y < 8; y++) {
            assertArrayEquals(new int[]{10, 10, 60, 60, 110, 110, 160, 160, 210, 210}, row(out, y, 10), "row " + y);
        }
        for (int y : new int[]{0, 1, 8, 9}) {
            int[] noise = row(out, y, 10);
            assertNotEquals(1, Arrays.stream(noise).distinct().count(), "row " + y + " is noise");
            assertEquals(true, Arrays.stream(noise).allMatch(v -> v < 255));
        }
        assertArrayEquals(out, resized(Resize.FILL, GRAY, 1), "the same noise from the same generator");
        assertNotEquals(Arrays.toString(out), Arrays.toString(resized(Resize.FILL, GRAY, 2)));
    }

    @Test
    void halfCropResizesByTheMeanRatioThenCropsOneWayAndFillsTheOther() {
        // mean ratio 6: 13x7, one more row for even bands (13x8); columns 2..11 kept; 1 row of noise above and below
        assertEquals(new ImageResizer.Plan(13, 8, 2, 0, 0, 1), new ImageResizer(Resize.HALF_CROP, GRAY).plan(80, 40));
        byte[] out = resized(Resize.HALF_CROP, GRAY, 1);
        int[] middle = row(out, 4, 10);
        assertEquals(10, middle[0]);
        assertEquals(60, middle[1]);
        assertEquals(110, middle[4]);
        assertEquals(160, middle[7]);
        assertEquals(210, middle[9]);
        assertNotEquals(1, Arrays.stream(row(out, 0, 10)).distinct().count());
        assertNotEquals(1, Arrays.stream(row(out, 9, 10)).distinct().count());
    }

    @Test
    void tallImagesAreTreatedAlongTheOtherAxis() {
        assertEquals(new ImageResizer.Plan(10, 20, 0, 5, 0, 0), new ImageResizer(Resize.CROP, GRAY).plan(40, 80));
        assertEquals(new ImageResizer.Plan(6, 10, 0, 0, 2, 0), new ImageResizer(Resize.FILL, GRAY).plan(40, 80));
        assertEquals(new ImageResizer.Plan(8, 13, 0, 2, 1, 0), new ImageResizer(Resize.HALF_CROP, GRAY).plan(40, 80));
        InputShape wide = new InputShape(1, 10, 20);
        assertEquals(new ImageResizer.Plan(20, 10, 0, 0, 0, 0), new ImageResizer(Resize.FILL, wide).plan(80, 40),
                "same aspect ratio: squashed whatever the mode");
    }

    @Test
    void colourNoiseFillsEveryChannel() {
        InputShape rgb = new InputShape(3, 10, 10);
        byte[] out = resized(Resize.FILL, rgb, 3);
        for (int c = 0; c < 3; c++) {
            int[] noise = Arrays.copyOfRange(toInts(out), c * 100, c * 100 + 10);
            assertNotEquals(1, Arrays.stream(noise).distinct().count(), "channel " + c);
            assertArrayEquals(new int[]{10, 10, 60, 60, 110, 110, 160, 160, 210, 210},
                    Arrays.copyOfRange(toInts(out), c * 100 + 40, c * 100 + 50), "channel " + c + " row 4");
        }
    }

    @Test
    void thePlainPreparationResizesAsTheContractSays() {
        for (Resize mode : Resize.values()) {
            ImagePreparation plain = ImagePreparation.of(InputContract.of(GRAY, mode, InputContract.Preparation.PLAIN));
            byte[] expected = new byte[GRAY.size()];
            new ImageResizer(mode, GRAY).resize(bands(), new SplittableRandom(0), expected, 0);
            assertArrayEquals(expected, plain.prepare(bands()).pixels(), mode.id());
            assertArrayEquals(plain.prepare(bands()).pixels(), plain.prepare(bands()).pixels(), "the same answer every time");
        }
    }

    private static byte[] resized(Resize mode, InputShape shape, long seed) {
        byte[] out = new byte[shape.size()];
        new ImageResizer(mode, shape).resize(bands(), new SplittableRandom(seed), out, 0);
        return out;
    }

    private static BufferedImage bands() {
        BufferedImage image = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 80; x++) {
            int v = BANDS[x / 16];
            for (int y = 0; y < 40; y++) {
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    private static int[] row(byte[] pixels, int y, int width) {
        return Arrays.copyOfRange(toInts(pixels), y * width, (y + 1) * width);
    }

    private static int[] toInts(byte[] pixels) {
        int[] values = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = pixels[i] & 0xFF;
        }
        return values;
    }
}
