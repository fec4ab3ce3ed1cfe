package dev.mnist.core.image;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Whether a JPEG file reaches its end-of-image marker: walks its segments, and the coded data of
 * each scan, without decoding anything. ImageIO decodes a truncated JPEG as far as it goes, fills
 * the rest with gray and only warns; and a few kilobytes that declare 7000x7000 pixels cost
 * seconds and most of a gigabyte before that warning comes.
 */
final class JpegEnd {
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    private JpegEnd() {
    }

    /** True when the stream, read from its start, holds a whole JPEG image (more may follow it). */
    static boolean reached(InputStream source) throws IOException {
        InputStream in = new BufferedInputStream(source, 1 << 16);
        if (in.read() != 0xFF || in.read() != 0xD8) {
            return false;
        }
        int marker = nextMarker(in);
        while (marker >= 0) {
            if (marker == EOI) {
                return true;
            }
            if (marker == 0x01 || standalone(marker)) {
                marker = nextMarker(in);
                continue;
            }
            int high = in.read();
            int low = in.read();
            if (low < 0 || (high << 8 | low) < 2) {
                return false;
            }
            try {
                in.skipNBytes((high << 8 | low) - 2);
            } catch (EOFException e) {
                return false;
            }
            marker = marker == SOS ? markerAfterScan(in) : nextMarker(in);
        }
        return false;
    }

    private static boolean standalone(int marker) {
        return marker >= 0xD0 && marker <= 0xD7;
    }

    /** The code of the next marker between segments (fill bytes and stray bytes skipped); -1 at the end. */
    private static int nextMarker(InputStream in) throws IOException {
        while (true) {
            int b;
            do {
                b = in.read();
            } while (b >= 0 && b != 0xFF);
            do {
                b = in.read();
            } while (b == 0xFF);
            if (b != 0x00) {
                return b;
            }
        }
    }

    /** The code of the marker that ends a scan's coded data (in which FF 00 is a byte and restarts are part of it); -1 at the end. */
    private static int markerAfterScan(InputStream in) throws IOException {
        while (true) {
            int b = nextMarker(in);
            if (b < 0 || !standalone(b)) {
                return b;
            }
        }
    }
}
