package dev.mnist.core.run.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard's event files: each record is its length (uint64),
 * a masked CRC32C of those 8 bytes, the data, and a masked CRC32C of the data, all little-endian.
 */
final class TfRecords {
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {
    }

    static void write(OutputStream out, byte[] data) throws IOException {
        byte[] length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        out.write(length);
        out.write(int32(maskedCrc(length)));
        out.write(data);
        out.write(int32(maskedCrc(data)));
    }

    /** TensorFlow masks the CRC so that a CRC of data that itself holds CRCs is not degenerate. */
    static int maskedCrc(byte[] bytes) {
        CRC32C crc32c = new CRC32C();
        crc32c.update(bytes);
        int crc = (int) crc32c.getValue();
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    private static byte[] int32(int value) {
        return ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }
}
