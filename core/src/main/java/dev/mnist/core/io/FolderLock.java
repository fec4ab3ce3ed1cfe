package dev.mnist.core.io;

import dev.mnist.core.InvalidInputException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A folder held by one process while it writes there (a run it trains, a conversion): an OS lock
 * on {@code .lock} inside it, released on close or when the process ends, however it ends.
 */
public final class FolderLock implements AutoCloseable {
    public static final String FILE = ".lock";
    private final FileChannel channel;
    private final FileLock lock;
    private final Path removeOnClose;

    private FolderLock(FileChannel channel, FileLock lock, Path removeOnClose) {
        this.channel = channel;
        this.lock = lock;
        this.removeOnClose = removeOnClose;
    }

    /**
     * @param busy what to say when another process holds it, after the folder's name
     * @throws InvalidInputException when the folder is held, missing or cannot be locked
     */
    public static FolderLock acquire(Path dir, String busy) {
        Existing.folder(dir, "folder");
        return lock(dir.resolve(FILE), dir, busy, null);
    }

    /**
     * Holds {@code out}, which need not exist yet, through a hidden {@code .NAME.lock} beside it,
     * removed again on close. Whoever holds it must still check {@code out} before renaming into it:
     * a process that opened the file just before its removal can hold the removed file.
     */
    public static FolderLock beside(Path out, String busy) {
        Path lockFile = out.resolveSibling("." + out.getFileName() + ".lock");
        return lock(lockFile, out, busy, lockFile);
    }

    private static FolderLock lock(Path lockFile, Path held, String busy, Path removeOnClose) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new FolderLock(channel, lock, removeOnClose);
            }
        } catch (OverlappingFileLockException e) {
            // held by this same process, through another channel
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InvalidInputException(held + ": cannot lock (" + e.getMessage() + ")", e);
        }
        closeQuietly(channel);
        throw new InvalidInputException(held + ": " + busy);
    }

    /** Removes a folder this process made that holds nothing but the (released) lock: a failed first write leaves nothing. */
    public static void removeIfOnlyTheLock(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            if (files.allMatch(file -> file.getFileName().toString().equals(FILE))) {
                Files.deleteIfExists(dir.resolve(FILE));
                Files.deleteIfExists(dir);
            }
        } catch (IOException ignored) {
            // an empty folder left behind harms nothing
        }
    }

    @Override
    public void close() {
        if (removeOnClose != null) {
            AtomicFiles.deleteQuietly(removeOnClose);
        }
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
