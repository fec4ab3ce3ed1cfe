package dev.mnist.core.image;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.Existing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Reads image files of any format ImageIO knows, refusing the unreadable and the absurdly large. */
public final class ImageFiles {
    /** 50 megapixels: far above any digit photo, far below what would exhaust the heap. */
    public static final long MAX_PIXELS = 50_000_000L;
    /** Image files up to this size are read whole and decoded from memory. */
    private static final long SMALL_FILE_BYTES = 4L << 20;

    private ImageFiles() {
    }

    /** The decoded image; a one-line {@link InvalidInputException} for anything unusable. */
    public static BufferedImage read(Path file) {
        Existing.file(file, "file");
        byte[] small = smallFile(file);
        if (small != null) {
            return decode(small, file.toString());
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return decode(in, file.toString());
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    /**
     * The file's bytes when it is small enough to decode from memory (and so to go through {@link
     * PngDecoder} when it is a plain PNG); null when it is larger or cannot be read, for ImageIO to
     * read from the file and say what is wrong.
     */
    private static byte[] smallFile(Path file) {
        try {
            return Files.size(file) <= SMALL_FILE_BYTES ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * An image sent as bytes (an upload); {@code name} says where it came from in messages. Read
     * from memory: ImageIO's own stream for an InputStream caches it in a temporary file.
     */
    public static BufferedImage decode(byte[] bytes, String name) {
        BufferedImage png = PngDecoder.decode(bytes, MAX_PIXELS);
        if (png != null) {
            return png;
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return decode(in, name);
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /** The pixel count an image's header declares, without decoding it. */
    public static long pixelCount(byte[] bytes, String name) {
        long png = PngDecoder.declaredPixels(bytes);
        if (png >= 0) {
            return png;
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(in, name);
            try {
                reader.setInput(in, true, true);
                return (long) reader.getWidth(0) * reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw unreadable(name, e);
        }
    }

    private static ImageReader reader(ImageInputStream in, String name) {
        Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new InvalidInputException(name + ": not an image this tool can read (PNG, JPEG, BMP, GIF)");
        }
        return readers.next();
    }

    private static BufferedImage decode(ImageInputStream in, String name) {
        ImageReader reader = reader(in, name);
        try {
            boolean jpeg = reader.getFormatName().equalsIgnoreCase("jpeg");
            if (jpeg && !wholeJpeg(in)) {
                throw new InvalidInputException(name + ": broken image (its JPEG data ends before the end-of-image marker: a truncated file)");
            }
            int orientation = jpeg ? ExifOrientation.of(in) : ExifOrientation.NORMAL;
            reader.setInput(in, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > MAX_PIXELS) {
                throw new InvalidInputException(String.format("%s: %dx%d pixels is over the limit of %d megapixels",
                        name, reader.getWidth(0), reader.getHeight(0), MAX_PIXELS / 1_000_000));
            }
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                // ImageIO warns of a premature end or corrupt data and returns what it could decode.
                throw new InvalidInputException(name + ": broken image (" + warnings.get(0) + ")");
            }
            return ExifOrientation.apply(image, orientation);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw unreadable(name, e);
        } finally {
            reader.dispose();
        }
    }

    private static boolean wholeJpeg(ImageInputStream in) throws IOException {
        in.mark();
        try {
            return JpegEnd.reached(new InputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }
            });
        } finally {
            in.reset();
        }
    }

    private static InvalidInputException unreadable(String name, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new InvalidInputException(name + ": unreadable image (" + reason + ")", e);
    }
}
