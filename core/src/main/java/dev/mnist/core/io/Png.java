package dev.mnist.core.io;


import dev.mnist.core.InvalidInputException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Writes a picture as a PNG, under a temporary name renamed when complete. */
public final class Png {
    static {
        // ImageIO's default cache for a stream is a temporary file that adds a JVM shutdown hook when
        // first used: during shutdown (a signal as training ends) that fails, and no picture is written.
        ImageIO.setUseCache(false);
    }

    private Png() {
    }

    /**
     * Checks that a picture may be written to {@code file}, which the user named: not a folder, and,
     * unless {@code force}, not a file of theirs that is no PNG (their notes, say) for it to replace.
     */
    public static Path replaceable(Path file, boolean force) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + ": is a folder; name the .png file to write");
        }
        if (!force && Files.exists(file) && !isPng(file)) {
            throw new InvalidInputException(file + ": exists and is not a PNG picture; name another file, or add --force to replace it");
        }
        return file;
    }

    private static boolean isPng(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(8), new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        } catch (IOException e) {
            return false;
        }
    }

    /** The image as a PNG file's bytes. */
    public static byte[] bytes(BufferedImage image) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static Path write(BufferedImage image, Path file) {
        AtomicFiles.write(file, temporary -> {
            // Through a stream of our own: ImageIO's file output prints a stack trace when it cannot open the file.
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(temporary)) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IllegalStateException("no PNG writer");
                }
            }
        });
        return file;
    }
}
