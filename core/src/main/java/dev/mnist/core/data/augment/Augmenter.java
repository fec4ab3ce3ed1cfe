package dev.mnist.core.data.augment;

import dev.mnist.core.image.Window;
import dev.mnist.core.model.InputShape;

import java.awt.Color;
import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to one image, planar unsigned bytes in, planar unsigned bytes
 * out: the crop window, then one warp (flips, rotation, scale and shift about the centre, elastic
 * displacement) sampled bilinearly with black outside the image, then HSV and noise. Every random
 * draw comes from the generator given, so an image's augmentation is a function of its seed alone.
 */
public final class Augmenter {
    /** Simard et al.'s settings for 28x28 digits: displacements smoothed by a Gaussian of 4 pixels, scaled by 34. */
    private static final double ELASTIC_SIGMA = 4;
    private static final double ELASTIC_ALPHA = 34;
    private static final double ELASTIC_SIDE = 28;
    /** DIGITS' defaults: standard deviations of the hue shift and of the saturation and value factors. */
    private static final double HUE = 0.02;
    private static final double SATURATION = 0.04;
    private static final double VALUE = 0.06;

    private final Augmentation augmentation;
    private final InputShape in;
    private final InputShape out;
    private final float[] elasticKernel;

    /** For images of {@code in}'s shape; the output is {@code in} or, with a crop, {@code cropSize} square. */
    public Augmenter(Augmentation augmentation, InputShape in) {
        this.augmentation = augmentation;
        this.in = in;
        int crop = augmentation.cropSize();
        if (crop > Math.min(in.height(), in.width())) {
            throw new IllegalArgumentException("--crop-size " + crop + " is larger than the " + in.height() + "x" + in.width()
                    + " images");
        }
        this.out = crop > 0 ? new InputShape(in.channels(), crop, crop) : in;
        this.elasticKernel = augmentation.elastic() ? gaussian(ELASTIC_SIGMA * Math.max(out.height(), out.width()) / ELASTIC_SIDE) : null;
    }

    public InputShape output() {
        return out;
    }

    /** The training view of the image at {@code offset}: written to {@code target} at {@code targetOffset}. */
    public void augment(byte[] source, int offset, byte[] target, int targetOffset, SplittableRandom random) {
        int cropX = out.width() < in.width() ? random.nextInt(in.width() - out.width() + 1) : 0;
        int cropY = out.height() < in.height() ? random.nextInt(in.height() - out.height() + 1) : 0;
        if (!augmentation.warps()) {
            Window.copy(source, offset, in, cropX, cropY, out, target, targetOffset);
        } else {
            warp(source, offset, cropX, cropY, target, targetOffset, random);
        }
        if (augmentation.hsv() && out.channels() == 3) {
            hsv(target, targetOffset, random);
        }
        if (augmentation.noise() > 0) {
            for (int i = targetOffset; i < targetOffset + out.size(); i++) {
                target[i] = clamp((target[i] & 0xFF) + random.nextGaussian() * augmentation.noise());
            }
        }
    }

    /** The validation and inference view: the centre window of the crop size, unchanged otherwise. */
    public void centre(byte[] source, int offset, byte[] target, int targetOffset) {
        Window.centre(source, offset, in, out, target, targetOffset);
    }

    private void warp(byte[] source, int offset, int x0, int y0, byte[] target, int targetOffset, SplittableRandom random) {
        boolean flipX = augmentation.flip().horizontal() && random.nextBoolean();
        boolean flipY = augmentation.flip().vertical() && random.nextBoolean();
        double angle = Math.toRadians(uniform(random, augmentation.rotate()));
        double zoom = 1 + uniform(random, augmentation.scale());
        double shiftX = uniform(random, augmentation.shift()) * out.width();
        double shiftY = uniform(random, augmentation.shift()) * out.height();
        int w = out.width();
        int h = out.height();
        float[] dx = null;
        float[] dy = null;
        if (elasticKernel != null) {
            double alpha = ELASTIC_ALPHA * Math.max(w, h) / ELASTIC_SIDE;
            dx = smoothedField(random, w, h, alpha);
            dy = smoothedField(random, w, h, alpha);
        }
        double cos = Math.cos(angle) / zoom;
        double sin = Math.sin(angle) / zoom;
        double cx = w / 2.0;
        double cy = h / 2.0;
        float[] planes = paddedPlanes(source, offset);
        int stride = in.width() + 3;
        int padded = stride * (in.height() + 3);
        int planeOut = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // the output pixel's centre, moved back through the shift, the rotation and scale, and the flips
                double u = x + 0.5 - cx - shiftX;
                double v = y + 0.5 - cy - shiftY;
                double su = cos * u + sin * v;
                double sv = -sin * u + cos * v;
                if (flipX) {
                    su = -su;
                }
                if (flipY) {
                    sv = -sv;
                }
                double sx = su + cx - 0.5 + x0;
                double sy = sv + cy - 0.5 + y0;
                if (dx != null) {
                    sx += dx[y * w + x];
                    sy += dy[y * w + x];
                }
                // beyond the image is its black border: clamped there, every tap reads zeros
                sx = Math.max(-1, Math.min(in.width(), sx));
                sy = Math.max(-1, Math.min(in.height(), sy));
                int ix = (int) Math.floor(sx);
                int iy = (int) Math.floor(sy);
                float fx = (float) (sx - ix);
                float fy = (float) (sy - iy);
                int at = (iy + 1) * stride + ix + 1;
                for (int c = 0; c < out.channels(); c++) {
                    int p = c * padded + at;
                    float top = planes[p] + fx * (planes[p + 1] - planes[p]);
                    float bottom = planes[p + stride] + fx * (planes[p + stride + 1] - planes[p + stride]);
                    target[targetOffset + c * planeOut + y * w + x] = clamp(top + fy * (bottom - top));
                }
            }
        }
    }

    /** The image's planes as floats with a black border: 1 pixel before each side, 2 after. */
    private float[] paddedPlanes(byte[] source, int offset) {
        int stride = in.width() + 3;
        int padded = stride * (in.height() + 3);
        float[] planes = new float[in.channels() * padded];
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < in.height(); y++) {
                int from = offset + (c * in.height() + y) * in.width();
                int to = c * padded + (y + 1) * stride + 1;
                for (int x = 0; x < in.width(); x++) {
                    planes[to + x] = source[from + x] & 0xFF;
                }
            }
        }
        return planes;
    }

    /**
     * Uniform random displacements in [-1, 1] smoothed by the Gaussian, times alpha (Simard et al.
     * 2003), zero beyond the edges. The smoothed field varies slowly (over sigma, 4 pixels at 28x28),
     * so it is computed exactly at every other row and column and interpolated bilinearly between:
     * a third of the arithmetic, and well within a percent of the field's size.
     */
    private float[] smoothedField(SplittableRandom random, int w, int h, double alpha) {
        int radius = elasticKernel.length / 2;
        int paddedW = w + 2 * radius;
        float[] noise = new float[paddedW * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                noise[y * paddedW + radius + x] = random.nextInt() * 0x1p-31f;
            }
        }
        int[] columns = samples(w);
        int[] rows = samples(h);
        // across: at the sampled columns of every row (zero rows above and below for the next pass)
        float[] across = new float[columns.length * (h + 2 * radius)];
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < columns.length; i++) {
                int centre = y * paddedW + columns[i] + radius;
                float sum = noise[centre] * elasticKernel[radius];
                for (int k = 1; k <= radius; k++) {
                    sum += (noise[centre - k] + noise[centre + k]) * elasticKernel[radius + k];
                }
                across[(y + radius) * columns.length + i] = sum;
            }
        }
        // down: at the sampled rows of those columns
        float[] grid = new float[rows.length * columns.length];
        for (int j = 0; j < rows.length; j++) {
            for (int i = 0; i < columns.length; i++) {
                int centre = (rows[j] + radius) * columns.length + i;
                float sum = across[centre] * elasticKernel[radius];
                for (int k = 1, step = columns.length; k <= radius; k++, step += columns.length) {
                    sum += (across[centre - step] + across[centre + step]) * elasticKernel[radius + k];
                }
                grid[j * columns.length + i] = sum * (float) alpha;
            }
        }
        float[] field = new float[w * h];
        for (int y = 0; y < h; y++) {
            int j = Math.min(y / 2, rows.length - 2);
            float fy = (float) (y - rows[j]) / Math.max(1, rows[j + 1] - rows[j]);
            for (int x = 0; x < w; x++) {
                int i = Math.min(x / 2, columns.length - 2);
                float fx = (float) (x - columns[i]) / Math.max(1, columns[i + 1] - columns[i]);
                float top = grid[j * columns.length + i] + fx * (grid[j * columns.length + i + 1] - grid[j * columns.length + i]);
                float bottom = grid[(j + 1) * columns.length + i]
                        + fx * (grid[(j + 1) * columns.length + i + 1] - grid[(j + 1) * columns.length + i]);
                field[y * w + x] = top + fy * (bottom - top);
            }
        }
        return field;
    }

    /** Every other position along a side of {@code n}, and its last: 0, 2, 4, ..., n-1 (at least two). */
    private static int[] samples(int n) {
        int count = (n + 1) / 2 + ((n - 1) % 2 == 1 ? 1 : 0);
        int[] at = new int[Math.max(2, count)];
        for (int i = 0; i < at.length; i++) {
            at[i] = Math.min(2 * i, n - 1);
        }
        return at;
    }

    /** A normalised Gaussian kernel of standard deviation {@code sigma}, 3 sigma either way. */
    private static float[] gaussian(double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            sum += kernel[k + radius] = (float) Math.exp(-k * k / (2 * sigma * sigma));
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= (float) sum;
        }
        return kernel;
    }

    private void hsv(byte[] image, int offset, SplittableRandom random) {
        float hueShift = (float) (random.nextGaussian() * HUE);
        float saturation = (float) (1 + random.nextGaussian() * SATURATION);
        float value = (float) (1 + random.nextGaussian() * VALUE);
        int plane = out.height() * out.width();
        float[] hsb = new float[3];
        for (int i = offset; i < offset + plane; i++) {
            Color.RGBtoHSB(image[i] & 0xFF, image[i + plane] & 0xFF, image[i + 2 * plane] & 0xFF, hsb);
            int rgb = Color.HSBtoRGB(hsb[0] + hueShift, Math.min(1, Math.max(0, hsb[1] * saturation)),
                    Math.min(1, Math.max(0, hsb[2] * value)));
            image[i] = (byte) (rgb >> 16);
            image[i + plane] = (byte) (rgb >> 8);
            image[i + 2 * plane] = (byte) rgb;
        }
    }

    private static double uniform(SplittableRandom random, double range) {
        return range == 0 ? 0 : (random.nextDouble() * 2 - 1) * range;
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, Math.round(value)));
    }
}
