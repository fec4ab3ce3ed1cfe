package dev.mnist.core.data.idx;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.io.Existing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads any IDX file, raw or gzip-compressed, and validates it against its own header:
 * magic number, type code, dimensions, and the declared size against the bytes present.
 * The size check happens before the data is allocated, so an absurd header costs nothing.
 */
public final class IdxReader {
    /** Java arrays stop at 2^31 elements; no real IDX file comes near. */
    private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    private static final int GZIP_MAGIC = 0x8b1f;

    private IdxReader() {
    }

    public static IdxArray read(Path file) {
        String name = file.getFileName().toString();
        Existing.file(file, "file");
        try {
            long fileSize = Files.size(file);
            if (fileSize == 0) {
                throw new InvalidInputException(name + ": file is empty");
            }
            boolean gzipped = isGzip(file);
            if (!gzipped && name.endsWith(".gz")) {
                throw new InvalidInputException(name + ": not in gzip format");
            }
            try (InputStream raw = Files.newInputStream(file);
                 DataInputStream in = new DataInputStream(new BufferedInputStream(
                         gzipped ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16))) {
                return read(in, name, gzipped ? -1 : fileSize);
            }
        } catch (ZipException e) {
            throw new InvalidInputException(name + ": corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new InvalidInputException(name + ": truncated (file ends before the data its header declares)", e);
        } catch (IOException e) {
            throw new InvalidInputException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** @param fileSize the size of the uncompressed file, or -1 when it is not known in advance */
    private static IdxArray read(DataInputStream in, String name, long fileSize) throws IOException {
        int magic = in.readInt();
        if ((magic >>> 16) != 0) {
            throw new InvalidInputException(String.format(
                    "%s: magic number 0x%08x is not IDX (must start with two zero bytes)", name, magic));
        }
        int typeCode = (magic >>> 8) & 0xFF;
        IdxType type = IdxType.ofCode(typeCode).orElseThrow(() -> new InvalidInputException(
                String.format("%s: unsupported IDX type code 0x%02x", name, typeCode)));
        int rank = magic & 0xFF;
        if (rank < 1) {
            throw new InvalidInputException(name + ": IDX header declares no dimensions");
        }
        int[] dims = new int[rank];
        long elements = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readInt();
            if (dims[i] <= 0) {
                throw new InvalidInputException(name + ": dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + " (as a signed int: " + dims[i] + "), must be positive");
            }
            elements *= dims[i];
            if (elements * type.bytes > MAX_DATA_BYTES) {
                throw new InvalidInputException(name + ": header declares dimensions " + describe(dims, i)
                        + ", too large to be a real data set");
            }
        }
        long dataBytes = elements * type.bytes;
        if (dataBytes > Limits.maxDataBytes()) {
            throw new InvalidInputException(String.format("%s: header declares %s elements, %s; this mnist holds at most %s in "
                    + "memory (half its Java heap; raise -Xmx in MNIST_JAVA_OPTS for more)",
                    name, describe(dims, rank - 1), Limits.bytes(dataBytes), Limits.bytes(Limits.maxDataBytes())));
        }
        long expectedTotal = 4L + 4L * rank + dataBytes;
        if (fileSize >= 0 && expectedTotal != fileSize) {
            // A wrong type byte (a float or int file, or a damaged header) reads as a size mismatch: say so.
            boolean fitsAsBytes = type.bytes > 1 && 4L + 4L * rank + elements == fileSize;
            throw new InvalidInputException(String.format("%s: header declares %s elements (%d bytes in all) but the file holds %d bytes%s",
                    name, describe(dims, rank - 1), expectedTotal, fileSize, fitsAsBytes ? String.format(
                            "; its type byte 0x%02x says %d bytes an element, where MNIST's images and labels are unsigned bytes (0x08)",
                            type.code, type.bytes) : ""));
        }
        // readNBytes grows its buffer as data arrives, so a lying header in a gzip file allocates
        // no more than the stream really holds.
        byte[] data = in.readNBytes((int) dataBytes);
        if (data.length < dataBytes) {
            throw new InvalidInputException(String.format("%s: truncated: header declares %s elements (%d data bytes), file ends after %d",
                    name, describe(dims, rank - 1), dataBytes, data.length));
        }
        if (in.read() != -1) {
            throw new InvalidInputException(name + ": trailing bytes after the declared data");
        }
        return new IdxArray(type, dims, data);
    }

    private static String describe(int[] dims, int upTo) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i <= upTo; i++) {
            text.append(i == 0 ? "" : "x").append(Integer.toUnsignedString(dims[i]));
        }
        return text.toString();
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int b0 = in.read();
            int b1 = in.read();
            return b1 >= 0 && ((b1 << 8) | b0) == GZIP_MAGIC;
        }
    }
}
