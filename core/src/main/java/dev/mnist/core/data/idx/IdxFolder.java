package dev.mnist.core.data.idx;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.TextLines;
import dev.mnist.core.Limits;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A folder holding an IDX data set the way {@code mnist download} leaves it: for each split an
 * images file and a labels file, raw or gzip-compressed, plus {@code labels.txt} with class names.
 */
public final class IdxFolder {
    public static final String CLASS_NAMES_FILE = "labels.txt";

    private final Path dir;

    public IdxFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** True when the folder holds at least the images and labels of the given split. */
    public boolean has(Split split) {
        return find(split.imagesFile()).isPresent() && find(split.labelsFile()).isPresent();
    }

    /**
     * The class names from {@code labels.txt}, one per line; without that file, the ten digits,
     * which is what a bare MNIST folder holds.
     */
    public List<String> classNames() {
        Path file = dir.resolve(CLASS_NAMES_FILE);
        if (!Files.isRegularFile(file)) {
            return IntStream.range(0, 10).mapToObj(Integer::toString).toList();
        }
        List<String> names = readClassNames(file);
        if (names.size() < 2) {
            throw new InvalidInputException(file + ": needs at least two class names, one per line");
        }
        return names;
    }

    /** The non-blank lines of a class-names file, stripped. */
    public static List<String> readClassNames(Path file) {
        return TextLines.names(file);
    }

    public LabelledImages load(Split split) {
        int classCount = classNames().size();
        Path imagesPath = require(split.imagesFile());
        Path labelsPath = require(split.labelsFile());
        IdxArray images = IdxReader.read(imagesPath);
        IdxArray labels = IdxReader.read(labelsPath);
        String imagesName = imagesPath.getFileName().toString();
        String labelsName = labelsPath.getFileName().toString();
        if (images.type() != IdxType.UNSIGNED_BYTE || images.dims().length != 3) {
            throw new InvalidInputException(imagesName + ": expected unsigned bytes of shape count x rows x cols, found " + images);
        }
        if (labels.type() != IdxType.UNSIGNED_BYTE || labels.dims().length != 1) {
            throw new InvalidInputException(labelsName + ": expected unsigned bytes of shape count, found " + labels);
        }
        if (images.dims()[1] > Limits.MAX_INPUT_SIDE || images.dims()[2] > Limits.MAX_INPUT_SIDE) {
            throw new InvalidInputException(imagesName + ": images of " + images.dims()[1] + "x" + images.dims()[2]
                    + " pixels; at most " + Limits.MAX_INPUT_SIDE + " on a side are supported");
        }
        if (images.count() != labels.count()) {
            throw new InvalidInputException(String.format("%s has %d images but %s has %d labels",
                    imagesName, images.count(), labelsName, labels.count()));
        }
        byte[] labelBytes = labels.data();
        for (int i = 0; i < labelBytes.length; i++) {
            int label = labelBytes[i] & 0xFF;
            if (label >= classCount) {
                throw new InvalidInputException(String.format("%s: label %d at index %d is outside the %d classes",
                        labelsName, label, i, classCount));
            }
        }
        return new LabelledImages(images.count(), 1, images.dims()[1], images.dims()[2], images.data(), labelBytes);
    }

    /** The raw file if present, else the gzip-compressed one. */
    public Optional<Path> find(String rawName) {
        Path raw = dir.resolve(rawName);
        if (Files.isRegularFile(raw)) {
            return Optional.of(raw);
        }
        Path gz = dir.resolve(rawName + ".gz");
        return Files.isRegularFile(gz) ? Optional.of(gz) : Optional.empty();
    }

    /** The raw file if present, else the gzip-compressed one; an error saying to download when neither is. */
    public Path require(String rawName) {
        return find(rawName).orElseThrow(() -> new InvalidInputException(
                dir + ": no " + rawName + " (or " + rawName + ".gz); run 'mnist download' first"));
    }
}
