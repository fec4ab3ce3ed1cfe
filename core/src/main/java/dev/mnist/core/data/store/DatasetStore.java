package dev.mnist.core.data.store;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.idx.IdxArray;
import dev.mnist.core.data.idx.IdxReader;
import dev.mnist.core.data.idx.IdxType;
import dev.mnist.core.io.Json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A data set as {@code mnist dataset create} writes it: images already resized and prepared, one
 * IDX-like file per split, read image by image as training needs them. Every file is checked
 * against {@code dataset.json} before anything is read from it.
 */
public final class DatasetStore {
    public static final String MANIFEST = "dataset.json";
    public static final String CLASS_NAMES = "labels.txt";
    public static final String MEAN_PNG = "mean.png";
    public static final String MEAN_VALUES = "mean-image.idx";
    public static final String SKIPPED = "skipped.txt";
    /** Magic number of an IDX file of unsigned bytes with four dimensions. */
    static final int IMAGES_MAGIC = 0x0804;

    private final Path dir;
    private final StoreManifest manifest;

    private DatasetStore(Path dir, StoreManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /** True when {@code dir} holds a store's {@code dataset.json}. */
    public static boolean isOne(Path dir) {
        return Files.isRegularFile(dir.resolve(MANIFEST));
    }

    public static DatasetStore open(Path dir) {
        Path file = dir.resolve(MANIFEST);
        StoreManifest manifest;
        try {
            manifest = Json.MAPPER.readValue(file.toFile(), StoreManifest.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a data set store's manifest (" + firstLine(e.getMessage()) + ")", e);
        }
        if (!StoreManifest.FORMAT.equals(manifest.format()) || manifest.version() != StoreManifest.VERSION) {
            throw new InvalidInputException(file + ": format " + manifest.format() + " version " + manifest.version()
                    + "; this mnist reads " + StoreManifest.FORMAT + " version " + StoreManifest.VERSION);
        }
        boolean sane = (manifest.channels() == 1 || manifest.channels() == 3)
                && manifest.height() >= 1 && manifest.height() <= Limits.MAX_INPUT_SIDE
                && manifest.width() >= 1 && manifest.width() <= Limits.MAX_INPUT_SIDE
                && manifest.classNames() != null && !manifest.classNames().isEmpty()
                && manifest.classNames().size() <= Limits.MAX_CLASSES
                && manifest.splits() != null && manifest.resize() != null && manifest.preparation() != null;
        if (!sane) {
            throw new InvalidInputException(file + ": shape, classes, splits, resize or preparation missing or out of range");
        }
        return new DatasetStore(dir, manifest);
    }

    public Path dir() {
        return dir;
    }

    public StoreManifest manifest() {
        return manifest;
    }

    public List<String> classNames() {
        return manifest.classNames();
    }

    /** A split's images, read from disk as they are asked for; no images when the split is empty. */
    public ImageSet images(StoreSplit split) {
        int count = manifest.count(split);
        if (count == 0) {
            return new LabelledImages(0, manifest.channels(), manifest.height(), manifest.width(), new byte[0], new byte[0]);
        }
        byte[] labels = labels(split, count);
        Path file = dir.resolve(split.imagesFile());
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            checkHeader(file, channel, count);
            return new StoredImages(file, channel, manifest.channels(), manifest.height(), manifest.width(), labels);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The source file of each of a split's images, in the store's order. */
    public List<Path> sourceFiles(StoreSplit split) {
        Path list = dir.resolve(split.listFile());
        if (manifest.count(split) == 0 || !Files.isRegularFile(list)) {
            return List.of();
        }
        try (var lines = Files.lines(list)) {
            return lines.filter(line -> !line.isBlank()).map(line -> Path.of(line.substring(0, line.lastIndexOf(' ')))).toList();
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(list + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private byte[] labels(StoreSplit split, int count) {
        Path file = dir.resolve(split.labelsFile());
        IdxArray labels = IdxReader.read(file);
        if (labels.type() != IdxType.UNSIGNED_BYTE || labels.dims().length != 1 || labels.count() != count) {
            throw new InvalidInputException(file + ": expected " + count + " unsigned-byte labels, found " + labels);
        }
        int classes = manifest.classNames().size();
        byte[] data = labels.data();
        for (int i = 0; i < data.length; i++) {
            if ((data[i] & 0xFF) >= classes) {
                throw new InvalidInputException(String.format("%s: label %d at index %d is outside the %d classes",
                        file, data[i] & 0xFF, i, classes));
            }
        }
        return data;
    }

    private void checkHeader(Path file, FileChannel channel, int count) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(StoredImages.HEADER);
        while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
            // reads the whole header
        }
        header.flip();
        long imageSize = (long) manifest.channels() * manifest.height() * manifest.width();
        boolean matches = header.remaining() == StoredImages.HEADER && header.getInt() == IMAGES_MAGIC
                && header.getInt() == count && header.getInt() == manifest.channels()
                && header.getInt() == manifest.height() && header.getInt() == manifest.width();
        long expected = StoredImages.HEADER + count * imageSize;
        if (!matches || channel.size() != expected) {
            throw new InvalidInputException(String.format("%s: not the %d images of %s that %s declares (%d bytes expected, %d found)",
                    file, count, manifest.shape(), MANIFEST, expected, channel.size()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
