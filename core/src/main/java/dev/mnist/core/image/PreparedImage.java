package dev.mnist.core.image;

/**
 * An image made ready for a model: planar unsigned bytes in the model's input shape. A blank
 * image (nothing drawn on it) has no pixels worth classifying and is reported as such.
 */
public record PreparedImage(byte[] pixels, boolean blank) {
}
