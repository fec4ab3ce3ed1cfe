package dev.mnist.core.data.store;

import dev.mnist.core.MnistException;
import dev.mnist.core.data.ImageSet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One split of a store, read image by image from its file with positional reads: nothing but the
 * labels is held in memory, and the pages read stay in the OS's cache, not in this process.
 */
public final class StoredImages implements ImageSet {
    /** The IDX header of a rank-4 file: magic number and four dimensions. */
    static final int HEADER = 4 + 4 * 4;

    private final Path file;
    private final FileChannel channel;
    private final int channels;
    private final int rows;
    private final int cols;
    private final byte[] labels;

    StoredImages(Path file, FileChannel channel, int channels, int rows, int cols, byte[] labels) {
        this.file = file;
        this.channel = channel;
        this.channels = channels;
        this.rows = rows;
        this.cols = cols;
        this.labels = labels;
    }

    @Override
    public int count() {
        return labels.length;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public int label(int index) {
        return labels[index] & 0xFF;
    }

    @Override
    public void copy(int index, byte[] target, int offset) {
        int size = imageSize();
        ByteBuffer buffer = ByteBuffer.wrap(target, offset, size);
        long position = HEADER + (long) index * size;
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position() - offset) < 0) {
                    throw new MnistException(file + ": ends inside image " + index + " (the store was changed after it was made)");
                }
            }
        } catch (IOException e) {
            throw new MnistException(file + ": cannot read image " + index + " (" + e.getMessage() + ")", e);
        }
    }
}
