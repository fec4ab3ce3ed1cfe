package dev.mnist.core.image;

import dev.mnist.core.model.InputShape;

/** A rectangle of a planar image: a crop, random in training, the centre one at inference. */
public final class Window {
    private Window() {
    }

    /**
     * Copies the {@code to}-sized window at column {@code x0}, row {@code y0} of the {@code from}-sized
     * image at {@code offset}, every channel, to {@code target} at {@code targetOffset}.
     */
    public static void copy(byte[] source, int offset, InputShape from, int x0, int y0, InputShape to, byte[] target,
                            int targetOffset) {
        int at = targetOffset;
        for (int c = 0; c < to.channels(); c++) {
            for (int y = 0; y < to.height(); y++) {
                System.arraycopy(source, offset + (c * from.height() + y0 + y) * from.width() + x0, target, at, to.width());
                at += to.width();
            }
        }
    }

    /** The centre window: as many pixels cut off each side as fit, the odd one from the right and bottom. */
    public static void centre(byte[] source, int offset, InputShape from, InputShape to, byte[] target, int targetOffset) {
        copy(source, offset, from, (from.width() - to.width()) / 2, (from.height() - to.height()) / 2, to, target, targetOffset);
    }
}
