package dev.mnist.core.testing;

import dev.mnist.core.run.tensorboard.proto.TensorBoard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** Reads TensorBoard event files by the TFRecord spec, independently of the writer, checking every CRC. */
public final class TfRecordReader {
    private TfRecordReader() {
    }

    public static List<TensorBoard.Event> read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    /** TFRecords: uint64 LE length, uint32 LE masked CRC32C of it, data, uint32 LE masked CRC32C of the data. */
    public static List<TensorBoard.Event> read(byte[] bytes) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<TensorBoard.Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 12) {
                throw new IOException("truncated header at " + in.position());
            }
            byte[] lengthBytes = new byte[8];
            in.get(lengthBytes);
            long lengthCrc = Integer.toUnsignedLong(in.getInt());
            if (lengthCrc != masked(lengthBytes)) {
                throw new IOException("length CRC mismatch at " + (in.position() - 12));
            }
            long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (length < 0 || length > in.remaining() - 4) {
                throw new IOException("truncated record at " + in.position());
            }
            byte[] data = new byte[(int) length];
            in.get(data);
            long dataCrc = Integer.toUnsignedLong(in.getInt());
            if (dataCrc != masked(data)) {
                throw new IOException("data CRC mismatch at " + (in.position() - 4 - length));
            }
            events.add(TensorBoard.Event.parseFrom(data));
        }
        return events;
    }

    /** masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8, in unsigned 32-bit arithmetic. */
    static long masked(byte[] bytes) {
        CRC32C crc32c = new CRC32C();
        crc32c.update(bytes);
        long crc = crc32c.getValue();
        long rotated = ((crc >>> 15) | (crc << 17)) & 0xFFFFFFFFL;
        return (rotated + 0xa282ead8L) & 0xFFFFFFFFL;
    }
}
