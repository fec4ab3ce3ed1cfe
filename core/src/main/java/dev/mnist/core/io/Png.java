package dev.mnist.core.io;


import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Writes a picture as a PNG, under a temporary name renamed when complete. */
public final class Png {
    static {
        // ImageIO's default cache for a stream is a temporary file that adds a JVM shutdown hook when
        // first used: during shutdown (a signal as training ends) that fails, and no picture is written.
        ImageIO.setUseCache(false);
    }

    private Png() {
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
