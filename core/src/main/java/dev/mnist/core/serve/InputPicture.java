package dev.mnist.core.serve;

import dev.mnist.core.data.convert.GrayPngEncoder;
import dev.mnist.core.image.Pictures;
import dev.mnist.core.image.PreparedImage;
import dev.mnist.core.io.Png;
import dev.mnist.core.model.InputShape;

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
        return Png.bytes(Pictures.fromPixels(planar, 0, 3, shape.height(), shape.width()));
    }
}
