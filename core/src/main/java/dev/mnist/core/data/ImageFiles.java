package dev.mnist.core.data;

import dev.mnist.core.InvalidInputException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/** Reads image files of any format ImageIO knows, refusing the unreadable and the absurdly large. */
public final class ImageFiles {
    /** 50 megapixels: far above any digit photo, far below what would exhaust the heap. */
    public static final long MAX_PIXELS = 50_000_000L;

    private ImageFiles() {
    }

    /** The decoded image; a one-line {@link InvalidInputException} for anything unusable. */
    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no such file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidInputException(file + ": not an image this tool can read (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new InvalidInputException(String.format("%s: %dx%d pixels is over the limit of %d megapixels",
                            file, reader.getWidth(0), reader.getHeight(0), MAX_PIXELS / 1_000_000));
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidInputException(file + ": unreadable image (" + reason + ")", e);
        }
    }
}
