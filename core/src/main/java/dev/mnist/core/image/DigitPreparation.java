package dev.mnist.core.image;

import dev.mnist.core.model.InputShape;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Prepares a photo, scan or drawing of a digit the way MNIST's images were made, so that a model
 * trained on MNIST sees what it was trained on: gray, a light digit on a dark background (inverted
 * when the background is light), cropped to the digit, scaled to fit a 20x20 box keeping its aspect
 * ratio, and placed in the 28x28 field so that its centre of mass is at the centre. Other input
 * sizes scale the box in proportion.
 */
public final class DigitPreparation implements ImagePreparation {
    /** Below this difference between the brightest ink and the background, nothing is drawn. */
    static final float MIN_CONTRAST = 40;
    /**
     * Ink no stronger than the strongest on the border (paper texture, sensor noise) is not digit;
     * nor is ink under {@code MIN_NOISE_FLOOR} of the strongest (JPEG ringing around strokes). The
     * floor is at most {@code MAX_NOISE_FLOOR} of the strongest, for digits that touch the border.
     */
    static final float MIN_NOISE_FLOOR = 0.1f;
    static final float MAX_NOISE_FLOOR = 0.3f;
    /** Parts of the ink lighter than this fraction of the heaviest part are specks, not strokes. */
    static final double MIN_PART = 0.05;
    private static final double MNIST_BOX_FRACTION = 20.0 / 28.0;
    /** Ink under this many pixels across, or this fraction of the picture's shorter side, or this many pixels, is a speck. */
    private static final int MIN_DIGIT_PIXELS = 4;
    private static final double MIN_DIGIT_FRACTION = 0.02;
    private static final int MIN_INK_PIXELS = 12;
    /** Levels by which one background behind transparency must leave the border more even than the other to be taken. */
    private static final float EVEN_BORDER_MARGIN = 16;

    private final int rows;
    private final int cols;
    private final int box;

    public DigitPreparation(InputShape shape) {
        if (shape.channels() != 1) {
            throw new IllegalArgumentException("digit preprocessing is for gray models, not " + shape);
        }
        rows = shape.height();
        cols = shape.width();
        box = Math.max(1, (int) Math.round(Math.min(rows, cols) * MNIST_BOX_FRACTION));
    }

    @Override
    public String name() {
        return "digit";
    }

    @Override
    public PreparedImage prepare(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] ink = ink(image, width, height);
        float strongest = 0;
        for (float v : ink) {
            strongest = Math.max(strongest, v);
        }
        if (strongest < MIN_CONTRAST) {
            return new PreparedImage(new byte[rows * cols], true);
        }
        gate(ink, width, height, strongest);
        Plane digit = dropSpecks(ink, width, height).crop(ink, width);
        if (isSpeck(digit, width, height)) {
            return new PreparedImage(new byte[rows * cols], true);
        }
        double scale = (double) box / Math.max(digit.width(), digit.height());
        int fitWidth = Math.max(1, (int) Math.round(digit.width() * scale));
        int fitHeight = Math.max(1, (int) Math.round(digit.height() * scale));
        float[] fitted = Resampler.resize(digit.pixels(), digit.width(), digit.height(), fitWidth, fitHeight);
        return new PreparedImage(centreByMass(fitted, fitWidth, fitHeight), false);
    }

    /**
     * Ink too small to be a digit: a dot or a speck of dust on a blank page, which fitting into
     * the 20x20 box would blow up into a confident answer. Under 4 pixels across, or under 2 % of
     * the picture's shorter side (10 pixels of a 500-pixel photo), or fewer than 12 pixels of ink in
     * all (specks apart), is taken as nothing drawn.
     */
    private static boolean isSpeck(Plane ink, int width, int height) {
        int across = Math.max(ink.width(), ink.height());
        int inked = 0;
        for (float v : ink.pixels()) {
            inked += v > 0 ? 1 : 0;
        }
        return across < MIN_DIGIT_PIXELS || across < MIN_DIGIT_FRACTION * Math.min(width, height) || inked < MIN_INK_PIXELS;
    }

    /** A one-channel float image. */
    record Plane(float[] pixels, int width, int height) {
    }

    /** Zeroes ink at or under the noise floor and scales the rest so the strongest is 255. */
    private static void gate(float[] ink, int width, int height, float strongest) {
        float floor = Math.min(MAX_NOISE_FLOOR * strongest,
                Math.max(MIN_NOISE_FLOOR * strongest, borderPercentile(ink, width, height, 1)));
        for (int i = 0; i < ink.length; i++) {
            ink[i] = ink[i] <= floor ? 0 : ink[i] * 255f / strongest;
        }
    }

    /**
     * Clears connected blots of ink (8-neighbour) whose mass is under {@link #MIN_PART} of the
     * largest one's: specks of dirt or noise far from the digit would otherwise stretch its box. The
     * strokes of a digit drawn in separate parts each weigh far more than that. Returns the box
     * around the ink left; there is some.
     */
    private static InkBox dropSpecks(float[] ink, int width, int height) {
        InkRuns runs = InkRuns.of(ink, width, height);
        // Each mass is exact whatever the order of its sum: gated ink is 0 or over 25.5, so a float
        // of it is a multiple of 2^-19, and 50 megapixels of 255 stay under 2^34: 53 bits hold it.
        double[] masses = new double[runs.count()];
        for (int run = 0; run < runs.count(); run++) {
            masses[runs.root(run)] += runs.mass(run, ink, width);
        }
        double largest = 0;
        for (double mass : masses) {
            largest = Math.max(largest, mass);
        }
        double least = MIN_PART * largest;
        for (int run = 0; run < runs.count(); run++) {
            if (masses[runs.root(run)] < least) {
                runs.clear(run, ink, width);
            }
        }
        return runs.box(run -> masses[runs.root(run)] >= least);
    }

    /**
     * Ink per pixel, 0 where the background is: luminance, with transparent pixels taken as
     * background, inverted when the background (the median of the border) is light, minus the
     * background level.
     */
    private static float[] ink(BufferedImage image, int width, int height) {
        float[] gray = gray(image, width, height);
        float background = borderPercentile(gray, width, height, 0.5);
        boolean light = background > 127.5f;
        for (int i = 0; i < gray.length; i++) {
            float v = light ? background - gray[i] : gray[i] - background;
            gray[i] = Math.max(0, v);
        }
        return gray;
    }

    /** Gray levels 0..255, with transparent pixels as background. */
    private static float[] gray(BufferedImage image, int width, int height) {
        float[] gray = new float[width * height];
        int bands = image.getRaster().getNumBands();
        if (bands <= 2 && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // Gray samples as stored: getRGB would pass them through a gamma conversion.
            int[] samples = image.getRaster().getSamples(0, 0, width, height, 0, (int[]) null);
            float scale = 255f / ((1 << image.getColorModel().getComponentSize(0)) - 1);
            for (int i = 0; i < samples.length; i++) {
                gray[i] = samples[i] * scale;
            }
            if (bands == 2) {
                // Gray and alpha (a PNG of both): as ARGB, to be composited as any other translucent image.
                int[] alphas = image.getRaster().getSamples(0, 0, width, height, 1, (int[]) null);
                float alphaScale = 255f / ((1 << image.getColorModel().getComponentSize(1)) - 1);
                int[] argb = new int[gray.length];
                for (int i = 0; i < argb.length; i++) {
                    argb[i] = Math.round(alphas[i] * alphaScale) << 24 | Math.round(gray[i]) * 0x010101;
                }
                composite(gray, argb, width, height);
            }
            return gray;
        }
        Pictures.Rgb8 rgb = Pictures.Rgb8.of(image);
        if (rgb != null && opaqueGray(rgb, gray, width, height)) {
            return gray;
        }
        int[] argb = Pictures.argb(image);
        for (int i = 0; i < argb.length; i++) {
            gray[i] = luminance(argb[i]);
        }
        if (image.getColorModel().hasAlpha()) {
            composite(gray, argb, width, height);
        }
        return gray;
    }

    /**
     * The gray levels of an opaque 8-bit image, as luminance(getRGB) would give, from its bytes (a
     * drawing from the page takes half the time); false, with {@code gray} part written, at the first
     * pixel that is not opaque.
     */
    private static boolean opaqueGray(Pictures.Rgb8 rgb, float[] gray, int width, int height) {
        for (int y = 0; y < height; y++) {
            for (int x = 0, at = rgb.row(y); x < width; x++, at += rgb.stride()) {
                if (rgb.alpha(at) != 0xFF) {
                    return false;
                }
                gray[y * width + x] = 0.299f * rgb.red(at) + 0.587f * rgb.green(at) + 0.114f * rgb.blue(at);
            }
        }
        return true;
    }

    /**
     * Puts the background behind the translucent pixels' gray levels, so that transparency reads as
     * paper; a wholly opaque image (a canvas upload) is left as it is.
     */
    private static void composite(float[] gray, int[] argb, int width, int height) {
        if (!anyTranslucent(argb)) {
            return;
        }
        float behind = backgroundBehindTransparency(argb, width, height);
        for (int i = 0; i < gray.length; i++) {
            float opacity = (argb[i] >>> 24) / 255f;
            gray[i] = opacity * gray[i] + (1 - opacity) * behind;
        }
    }

    private static boolean anyTranslucent(int[] argb) {
        for (int p : argb) {
            if (p >>> 24 != 0xFF) {
                return true;
            }
        }
        return false;
    }

    /**
     * What shows through transparent pixels: white or black, whichever leaves the border more even,
     * as paper is (a scan whose white was made transparent, with the paper's specks left opaque, is
     * white behind); where both leave it as even, white goes behind dark strokes and black behind
     * light ones, so that transparent pixels read as the background.
     */
    private static float backgroundBehindTransparency(int[] argb, int width, int height) {
        float overWhite = borderSpread(argb, width, height, 255);
        float overBlack = borderSpread(argb, width, height, 0);
        if (Math.abs(overWhite - overBlack) > EVEN_BORDER_MARGIN) {
            return overWhite < overBlack ? 255 : 0;
        }
        return behindStrokes(argb);
    }

    /** The interquartile range of the border's luminance with {@code behind} showing through. */
    private static float borderSpread(int[] argb, int width, int height, float behind) {
        float[] border = new float[2 * (width + height)];
        int n = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x += (y == 0 || y == height - 1 || x == width - 1) ? 1 : Math.max(1, width - 1)) {
                int p = argb[y * width + x];
                float opacity = (p >>> 24) / 255f;
                border[n++] = opacity * luminance(p) + (1 - opacity) * behind;
            }
        }
        Arrays.sort(border, 0, n);
        return border[(int) (n * 0.75)] - border[(int) (n * 0.25)];
    }

    private static float behindStrokes(int[] argb) {
        double weighted = 0;
        double weights = 0;
        for (int p : argb) {
            double opacity = (p >>> 24) / 255.0;
            weighted += opacity * luminance(p);
            weights += opacity;
        }
        return weights > 0 && weighted / weights < 127.5 ? 255 : 0;
    }

    private static float luminance(int argb) {
        return 0.299f * ((argb >> 16) & 0xFF) + 0.587f * ((argb >> 8) & 0xFF) + 0.114f * (argb & 0xFF);
    }

    private static float borderPercentile(float[] gray, int width, int height, double fraction) {
        int count = height == 1 || width == 1 ? width * height : 2 * width + 2 * (height - 2);
        float[] border = new float[count];
        int n = 0;
        for (int y = 0; y < height; y++) {
            if (y == 0 || y == height - 1) {
                System.arraycopy(gray, y * width, border, n, width);
                n += width;
            } else {
                border[n++] = gray[y * width];
                if (width > 1) {
                    border[n++] = gray[y * width + width - 1];
                }
            }
        }
        Arrays.sort(border, 0, n);
        return border[(int) Math.min(n - 1, n * fraction)];
    }

    /**
     * Places the fitted digit in the rows x cols field with its centre of mass on pixel (rows/2, cols/2),
     * (14, 14) for 28x28, where MNIST's centres of mass are.
     */
    private byte[] centreByMass(float[] digit, int width, int height) {
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        float strongest = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = digit[y * width + x];
                mass += v;
                sumX += v * x;
                sumY += v * y;
                strongest = Math.max(strongest, v);
            }
        }
        int offsetX = (int) Math.round(cols / 2.0 - sumX / mass);
        int offsetY = (int) Math.round(rows / 2.0 - sumY / mass);
        // Scaling a thin stroke down averages it with its background; restore full strength.
        float gain = 255f / strongest;
        byte[] field = new byte[rows * cols];
        for (int y = 0; y < height; y++) {
            int fieldY = y + offsetY;
            if (fieldY < 0 || fieldY >= rows) {
                continue;
            }
            for (int x = 0; x < width; x++) {
                int fieldX = x + offsetX;
                if (fieldX >= 0 && fieldX < cols) {
                    field[fieldY * cols + fieldX] = (byte) Math.min(255, Math.round(digit[y * width + x] * gain));
                }
            }
        }
        return field;
    }
}
