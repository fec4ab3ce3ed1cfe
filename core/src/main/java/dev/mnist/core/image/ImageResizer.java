package dev.mnist.core.image;

import dev.mnist.core.model.InputContract.Resize;
import dev.mnist.core.model.InputShape;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * Brings an image of any size to the input's size by one of DIGITS' four resize modes, with its
 * arithmetic (its {@code digits/utils/image.py}: Python 2 rounding, the fill bands kept even), and
 * writes it planar, gray or RGB. Resampling is bilinear.
 */
public final class ImageResizer {
    private final Resize mode;
    private final InputShape shape;

    public ImageResizer(Resize mode, InputShape shape) {
        this.mode = mode;
        this.shape = shape;
    }

    /**
     * Where the resized image lies in the output: it is drawn {@code width x height}, then the
     * output's pixel (x, y) is its pixel (x - padX + cropX, y - padY + cropY), or noise outside it.
     */
    record Plan(int width, int height, int cropX, int cropY, int padX, int padY) {
    }

    /** The plan for a {@code width x height} source, following DIGITS' {@code resize_image}. */
    Plan plan(int width, int height) {
        int outW = shape.width();
        int outH = shape.height();
        double widthRatio = (double) width / outW;
        double heightRatio = (double) height / outH;
        boolean wide = widthRatio > heightRatio;
        if (mode == Resize.SQUASH || widthRatio == heightRatio) {
            return new Plan(outW, outH, 0, 0, 0, 0);
        }
        if (mode == Resize.CROP) {
            return wide
                    ? cropped(new Plan(round(width / heightRatio), outH, 0, 0, 0, 0))
                    : cropped(new Plan(outW, round(height / widthRatio), 0, 0, 0, 0));
        }
        int resizedW;
        int resizedH;
        if (mode == Resize.FILL) {
            resizedW = wide ? outW : evenGap(outW, round(width / heightRatio));
            resizedH = wide ? evenGap(outH, round(height / widthRatio)) : outH;
        } else {
            double ratio = (widthRatio + heightRatio) / 2;
            resizedW = round(width / ratio);
            resizedH = round(height / ratio);
            if (wide) {
                resizedH = evenGap(outH, resizedH);
            } else {
                resizedW = evenGap(outW, resizedW);
            }
        }
        Plan resized = cropped(new Plan(resizedW, resizedH, 0, 0, 0, 0));
        return wide
                ? new Plan(resized.width, resized.height, resized.cropX, 0, 0, (outH - resizedH) / 2)
                : new Plan(resized.width, resized.height, 0, resized.cropY, (outW - resizedW) / 2, 0);
    }

    /** The centre window of the output's size along whichever side is longer than it. */
    private Plan cropped(Plan resized) {
        int cropX = resized.width > shape.width() ? round((resized.width - shape.width()) / 2.0) : 0;
        int cropY = resized.height > shape.height() ? round((resized.height - shape.height()) / 2.0) : 0;
        return new Plan(resized.width, resized.height, cropX, cropY, 0, 0);
    }

    /** A side at least 1 pixel, one longer when needed so the bands either side of it are equal. */
    private static int evenGap(int out, int side) {
        int at = Math.max(1, Math.min(out, side));
        return (out - at) % 2 == 1 ? at + 1 : at;
    }

    /** Python 2's round: halves away from zero (all values here are positive). */
    private static int round(double value) {
        return (int) Math.floor(value + 0.5);
    }

    /**
     * Writes {@code image} resized into {@code target} at {@code offset}; fill bands take values
     * 0-254 from {@code noise}, as DIGITS' {@code randint(0, 255)}.
     */
    public void resize(BufferedImage image, RandomGenerator noise, byte[] target, int offset) {
        Plan plan = plan(image.getWidth(), image.getHeight());
        int channels = shape.channels();
        BufferedImage drawn = new BufferedImage(plan.width, plan.height,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = drawn.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, plan.width, plan.height, null);
        g.dispose();
        int outW = shape.width();
        int outH = shape.height();
        int plane = outW * outH;
        byte[] gray = channels == 1 ? new byte[plan.width * plan.height] : null;
        if (gray != null) {
            drawn.getRaster().getDataElements(0, 0, plan.width, plan.height, gray);
        }
        for (int y = 0; y < outH; y++) {
            int sy = y - plan.padY + plan.cropY;
            for (int x = 0; x < outW; x++) {
                int sx = x - plan.padX + plan.cropX;
                int at = offset + y * outW + x;
                boolean inside = sx >= 0 && sx < plan.width && sy >= 0 && sy < plan.height;
                if (channels == 1) {
                    target[at] = inside ? gray[sy * plan.width + sx] : (byte) noise.nextInt(255);
                } else if (inside) {
                    int rgb = drawn.getRGB(sx, sy);
                    target[at] = (byte) (rgb >> 16);
                    target[at + plane] = (byte) (rgb >> 8);
                    target[at + 2 * plane] = (byte) rgb;
                } else {
                    for (int c = 0; c < 3; c++) {
                        target[at + c * plane] = (byte) noise.nextInt(255);
                    }
                }
            }
        }
    }
}
