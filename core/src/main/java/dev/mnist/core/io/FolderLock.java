package dev.mnist.core.io;

import dev.mnist.core.InvalidInputException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A folder held by one process while it writes there (a run it trains, a conversion): an OS lock
 * on {@code .lock} inside it, released on close or when the process ends, however it ends.
 */
public final class FolderLock implements AutoCloseable {
    public static final String FILE = ".lock";
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param busy what to say when another process holds it, after the folder's name
     * @throws InvalidInputException when the folder is held, missing or cannot be locked
     */
    public static FolderLock acquire(Path dir, String busy) {
        Existing.folder(dir, "folder");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new FolderLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // held by this same process, through another channel
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InvalidInputException(dir + ": cannot lock (" + e.getMessage() + ")", e);
        }
        closeQuietly(channel);
        throw new InvalidInputException(dir + ": " + busy);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // released with the channel below in any case
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }
}
