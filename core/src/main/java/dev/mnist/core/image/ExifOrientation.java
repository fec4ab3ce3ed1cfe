package dev.mnist.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.stream.ImageInputStream;

/**
 * The orientation a camera records in a JPEG's Exif data (TIFF tag 0x0112, 1 to 8), applied as
 * browsers apply it: a phone holds its sensor one way and tags the picture with how it was held,
 * and a digit photographed upright must be read upright.
 */
final class ExifOrientation {
    static final int NORMAL = 1;
    private static final int APP1 = 0xE1;
    private static final int SOS = 0xDA;
    private static final int ORIENTATION_TAG = 0x0112;

    private ExifOrientation() {
    }

    /** The orientation in the JPEG's Exif segment, {@link #NORMAL} when there is none; the stream is left where it was. */
    static int of(ImageInputStream in) throws IOException {
        in.mark();
        try {
            if (in.read() != 0xFF || in.read() != 0xD8) {
                return NORMAL;
            }
            while (true) {
                int b = in.read();
                int marker = in.read();
                if (b != 0xFF || marker < 0 || marker == SOS) {
                    return NORMAL;
                }
                int length = in.readUnsignedShort();
                if (length < 2) {
                    return NORMAL;
                }
                if (marker != APP1) {
                    in.skipBytes(length - 2);
                    continue;
                }
                byte[] segment = new byte[length - 2];
                in.readFully(segment);
                int orientation = fromExif(segment);
                if (orientation != 0) {
                    return orientation;
                }
            }
        } catch (EOFException e) {
            return NORMAL;
        } finally {
            in.reset();
        }
    }

    /** The orientation tag of IFD0 in an APP1 segment that is Exif; 0 when it is not there. */
    static int fromExif(byte[] segment) {
        if (segment.length < 14 || !new String(segment, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
            return 0;
        }
        ByteBuffer tiff = ByteBuffer.wrap(segment, 6, segment.length - 6).slice();
        if (tiff.get(0) == 'I' && tiff.get(1) == 'I') {
            tiff.order(ByteOrder.LITTLE_ENDIAN);
        } else if (tiff.get(0) != 'M' || tiff.get(1) != 'M') {
            return 0;
        }
        long ifd = Integer.toUnsignedLong(tiff.getInt(4));
        if (ifd + 2 > tiff.limit()) {
            return 0;
        }
        int entries = Short.toUnsignedInt(tiff.getShort((int) ifd));
        for (int i = 0; i < entries; i++) {
            int at = (int) ifd + 2 + 12 * i;
            if (at + 12 > tiff.limit()) {
                return 0;
            }
            if (Short.toUnsignedInt(tiff.getShort(at)) == ORIENTATION_TAG) {
                int value = Short.toUnsignedInt(tiff.getShort(at + 8));
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    /** The image as it is to be seen: turned and mirrored as {@code orientation} says. */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= NORMAL || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swaps = orientation >= 5;
        WritableRaster source = image.getRaster();
        WritableRaster target = source.createCompatibleWritableRaster(swaps ? h : w, swaps ? w : h);
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixel = source.getDataElements(x, y, pixel);
                switch (orientation) {
                    case 2 -> target.setDataElements(w - 1 - x, y, pixel);          // mirrored
                    case 3 -> target.setDataElements(w - 1 - x, h - 1 - y, pixel);  // upside down
                    case 4 -> target.setDataElements(x, h - 1 - y, pixel);          // mirrored upside down
                    case 5 -> target.setDataElements(y, x, pixel);                  // mirrored, turned
                    case 6 -> target.setDataElements(h - 1 - y, x, pixel);          // to be turned clockwise
                    case 7 -> target.setDataElements(h - 1 - y, w - 1 - x, pixel);
                    default -> target.setDataElements(y, w - 1 - x, pixel);         // 8: to be turned anticlockwise
                }
            }
        }
        return new BufferedImage(image.getColorModel(), target, image.isAlphaPremultiplied(), null);
    }
}
