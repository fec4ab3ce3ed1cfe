package dev.mnist.core.io;

import dev.mnist.core.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writes a file under a temporary name beside its target and renames it into place, so that a
 * reader never sees a half-written file and a failure leaves the previous file as it was.
 */
public final class AtomicFiles {

    /** Writes content to a temporary file; must fully write it or throw. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temporary) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Makes {@code dir} a folder to write into, as the user named it for output (a report, pictures).
     *
     * @throws InvalidInputException when it is a file, cannot be created, or is not writable
     */
    public static Path outputFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": exists and is not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException(dir + ": the folder is not writable");
        }
        return dir;
    }

    public static void write(Path target, Writer writer) {
        Path dir = target.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(dir);
            temporary = temporaryBeside(target);
            writer.writeTo(temporary);
            move(temporary, target);
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write (" + e.getMessage() + ")", e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** A hidden, unique name in the target's folder; the file gets the usual permissions when created. */
    public static Path temporaryBeside(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
    }

    public static void writeString(Path target, String content) {
        write(target, temporary -> Files.writeString(temporary, content));
    }

    /** Renames atomically where the file system can, replacing any existing target. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a leftover temporary file is harmless and hidden
        }
    }
}
