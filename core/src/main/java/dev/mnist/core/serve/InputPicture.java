package dev.mnist.core.serve;

import dev.mnist.core.data.convert.GrayPngEncoder;
import dev.mnist.core.infer.PreparedImage;
import dev.mnist.core.model.InputShape;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** The image the model saw, as a PNG data URL a page can show in an {@code <img>}. */
record InputPicture(int channels, int height, int width, String png) {
    private static final ThreadLocal<GrayPngEncoder> GRAY = ThreadLocal.withInitial(GrayPngEncoder::new);

    static InputPicture of(PreparedImage image, InputShape shape) {
        byte[] png = shape.channels() == 1
                ? GRAY.get().encode(image.pixels(), 0, shape.width(), shape.height(), false)
                : rgbPng(image.pixels(), shape);
        return new InputPicture(shape.channels(), shape.height(), shape.width(),
                "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
    }

    private static byte[] rgbPng(byte[] planar, InputShape shape) {
        int plane = shape.height() * shape.width();
        BufferedImage rgb = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < plane; i++) {
            int r = planar[i] & 0xFF;
            int g = planar[plane + i] & 0xFF;
            int b = planar[2 * plane + i] & 0xFF;
            rgb.setRGB(i % shape.width(), i / shape.width(), r << 16 | g << 8 | b);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(rgb, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
