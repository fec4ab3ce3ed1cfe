package dev.mnist.core.image;

import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.Test;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitPreparationTest {
    private final DigitPreparation preprocessing = new DigitPreparation(InputShape.MNIST);

    @Test
    void putsTheCentreOfMassAtTheCentreAndTheDigitInA20x20Box() {
        BufferedImage[] images = {
                stroke(300, 200, 20, 30, 60, 150, Color.WHITE, Color.BLACK),   // tall, near the top-left corner
                stroke(120, 400, 10, 300, 110, 330, Color.BLACK, Color.WHITE), // wide, low, light on dark
                placed(Images.digit(0), 100, 70, 5),                          // a real 7 in a large field's corner
                stroke(28, 28, 2, 2, 8, 25, Color.BLACK, Color.WHITE),        // small, already 28x28
        };
        for (BufferedImage image : images) {
            PreparedImage prepared = preprocessing.prepare(image);
            assertFalse(prepared.blank());
            int[] box = inkBox(prepared.pixels());
            int width = box[2] - box[0] + 1;
            int height = box[3] - box[1] + 1;
            assertTrue(width <= 20 && height <= 20, "ink box " + width + "x" + height);
            assertEquals(20, Math.max(width, height), "the longer side fills the 20-pixel box");
            double[] centre = centreOfMass(prepared.pixels());
            assertEquals(14, centre[0], 0.5, "centre of mass x");
            assertEquals(14, centre[1], 0.5, "centre of mass y");
        }
    }

    @Test
    void leavesAnMnistDigitAsItWas() {
        for (int index = 0; index < 50; index++) {
            byte[] original = Images.digitPixels(index);
            byte[] prepared = preprocessing.prepare(Images.digit(index)).pixels();
            assertTrue(meanAbsoluteDifference(original, prepared) < 3, "digit " + index + " differs by "
                    + meanAbsoluteDifference(original, prepared));
        }
    }

    /** Centring by mass rounds to whole pixels, so the result may sit a pixel off MNIST's own placement. */
    @Test
    void blackOnWhiteAt200x200AsJpegComesBackAsTheOriginalWithinAPixel() {
        for (int index = 0; index < 30; index++) {
            BufferedImage photo = Images.roundTrip(Images.blackOnWhite(Images.digit(index), 200), "jpg");
            byte[] prepared = preprocessing.prepare(photo).pixels();
            double similarity = bestCorrelationWithinAPixel(Images.digitPixels(index), prepared);
            assertTrue(similarity > 0.9, "digit " + index + " correlates " + similarity);
        }
    }

    @Test
    void transparentPngIsReadAsInkOnPaper() {
        BufferedImage digit = Images.digit(3);
        BufferedImage transparent = Images.roundTrip(Images.inkAsAlpha(Images.blackOnWhite(digit, 28)), "png");
        assertTrue(transparent.getColorModel().hasAlpha());
        byte[] prepared = preprocessing.prepare(transparent).pixels();
        assertTrue(meanAbsoluteDifference(Images.digitPixels(3), prepared) < 3);
    }

    @Test
    void blankImagesAreReportedAsBlank() {
        BufferedImage white = filled(64, 64, Color.WHITE);
        BufferedImage black = filled(64, 64, Color.BLACK);
        BufferedImage paper = filled(200, 150, new Color(230, 225, 215));
        Random random = new Random(1);
        for (int i = 0; i < 3000; i++) {
            int shade = 215 + random.nextInt(20);
            paper.setRGB(random.nextInt(200), random.nextInt(150), new Color(shade, shade, shade).getRGB());
        }
        BufferedImage clear = new BufferedImage(50, 50, BufferedImage.TYPE_INT_ARGB);
        for (BufferedImage image : new BufferedImage[]{white, black, paper, clear}) {
            PreparedImage prepared = preprocessing.prepare(image);
            assertTrue(prepared.blank());
            assertArrayEquals(new byte[784], prepared.pixels());
        }
    }

    @Test
    void aSpeckOfDirtFarFromTheDigitDoesNotShrinkIt() {
        BufferedImage clean = stroke(300, 300, 100, 60, 160, 240, Color.WHITE, Color.BLACK);
        BufferedImage dirty = stroke(300, 300, 100, 60, 160, 240, Color.WHITE, Color.BLACK);
        Graphics2D g = dirty.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(280, 280, 3, 3);
        g.dispose();
        assertArrayEquals(preprocessing.prepare(clean).pixels(), preprocessing.prepare(dirty).pixels());
    }

    /** A thick pen stroke (a "1"-like diagonal with a foot) from (x0, y0) to (x1, y1). */
    /** White made transparent on speckled paper reads as the white it was, as a browser shows it on a white page. */
    @Test
    void aPaletteImageWhoseWhiteIsTransparentReadsAsOnWhite() {
        BufferedImage scan = Images.blackOnWhite(Images.digit(0), 112);
        byte[] transparent = preprocessing.prepare(Images.roundTrip(Images.paletteOnNoisyPaper(scan, true, 7), "png")).pixels();
        byte[] onWhite = preprocessing.prepare(Images.roundTrip(Images.paletteOnNoisyPaper(scan, false, 7), "png")).pixels();
        assertTrue(Images.correlation(transparent, onWhite) > 0.99, "correlation " + Images.correlation(transparent, onWhite));
    }

    /** A dot, or two specks of dust on a blank page, is nothing drawn, not a digit blown up to fill the box. */
    @Test
    void specksAreBlankNotDigits() {
        BufferedImage dot = filled(28, 28, Color.WHITE);
        dot.setRGB(14, 14, 0);
        assertTrue(preprocessing.prepare(dot).blank());
        BufferedImage page = filled(500, 500, Color.WHITE);
        page.setRGB(100, 100, 0);
        page.setRGB(101, 100, 0);
        for (int x = 300; x < 306; x++) {
            page.setRGB(x, 300, 0);   // a 6-pixel scratch: over 4 pixels, under 2 % of the page
        }
        assertTrue(preprocessing.prepare(page).blank());
        BufferedImage small = Images.blackOnWhite(Images.digit(0), 28);
        assertFalse(preprocessing.prepare(small).blank(), "a real digit at MNIST's own size is kept");
    }

    private static BufferedImage stroke(int width, int height, int x0, int y0, int x1, int y1, Color paper, Color ink) {
        BufferedImage image = filled(width, height, paper);
        Graphics2D g = image.createGraphics();
        g.setColor(ink);
        g.setStroke(new BasicStroke(Math.max(2, Math.min(width, height) / 25f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(x0, y0, x1, y1);
        g.drawLine(x1, y1, x1 - (x1 - x0) / 2, y1);
        g.dispose();
        return image;
    }

    private static BufferedImage filled(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static BufferedImage placed(BufferedImage digit, int size, int x, int y) {
        BufferedImage field = filled(size, size, Color.BLACK);
        Graphics2D g = field.createGraphics();
        g.drawImage(digit, x, y, 56, 56, null);
        g.dispose();
        return field;
    }

    /** {left, top, right, bottom} of the nonzero pixels of a 28x28 image. */
    private static int[] inkBox(byte[] pixels) {
        int[] box = {28, 28, -1, -1};
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] != 0) {
                box[0] = Math.min(box[0], i % 28);
                box[1] = Math.min(box[1], i / 28);
                box[2] = Math.max(box[2], i % 28);
                box[3] = Math.max(box[3], i / 28);
            }
        }
        return box;
    }

    /** Centre of mass {x, y} in pixel indices, as MNIST's is measured. */
    private static double[] centreOfMass(byte[] pixels) {
        double mass = 0;
        double x = 0;
        double y = 0;
        for (int i = 0; i < pixels.length; i++) {
            int v = pixels[i] & 0xFF;
            mass += v;
            x += v * (i % 28);
            y += v * (i / 28);
        }
        return new double[]{x / mass, y / mass};
    }

    private static double meanAbsoluteDifference(byte[] a, byte[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        return sum / a.length;
    }

    private static double bestCorrelationWithinAPixel(byte[] original, byte[] prepared) {
        double best = -1;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                byte[] shifted = new byte[784];
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int sx = x + dx;
                        int sy = y + dy;
                        if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) {
                            shifted[y * 28 + x] = prepared[sy * 28 + sx];
                        }
                    }
                }
                best = Math.max(best, Images.correlation(original, shifted));
            }
        }
        return best;
    }
}
