package dev.mnist.core.data;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.idx.IdxFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Labelled training images and their class names, from whichever kind of folder the user points at. */
public record TrainingSet(String format, Path source, LabelledImages images, List<String> classNames) {

    /**
     * Detects the format: an IDX folder (as {@code download} writes), the PNG folders {@code convert}
     * writes ({@code <dir>/train/<class>/}), or plain class folders ({@code <dir>/<class>/}).
     * Class-folder images are resized to the given shape; IDX images keep theirs.
     */
    public static TrainingSet load(Path dir, int channels, int rows, int cols) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + ": no such folder");
        }
        IdxFolder idx = new IdxFolder(dir);
        if (idx.has(Split.TRAIN)) {
            if (channels != 1) {
                throw new InvalidInputException(dir + ": IDX images are grayscale; --channels 3 needs a class-folder data set");
            }
            return new TrainingSet("idx", dir, idx.load(Split.TRAIN), idx.classNames());
        }
        Path converted = dir.resolve("train");
        if (ImageFolder.looksLikeOne(converted)) {
            ImageFolder folder = new ImageFolder(converted);
            return new TrainingSet("image-folders", converted, folder.load(channels, rows, cols),
                    namesFromLabelsFile(dir, folder.classNames()));
        }
        if (ImageFolder.looksLikeOne(dir)) {
            ImageFolder folder = new ImageFolder(dir);
            return new TrainingSet("image-folders", dir, folder.load(channels, rows, cols), folder.classNames());
        }
        throw new InvalidInputException(dir + ": neither an IDX folder (train-images-idx3-ubyte[.gz]) "
                + "nor class folders of images (<class>/<image>.png)");
    }

    /** Numbered class folders take their names from {@code labels.txt} beside them, as convert writes it. */
    private static List<String> namesFromLabelsFile(Path dir, List<String> folderNames) {
        Path file = dir.resolve(IdxFolder.CLASS_NAMES_FILE);
        boolean numbered = folderNames.stream().allMatch(name -> name.matches("\\d+"));
        if (!numbered || !Files.isRegularFile(file)) {
            return folderNames;
        }
        List<String> names = IdxFolder.readClassNames(file);
        return folderNames.stream().map(name -> {
            int index = Integer.parseInt(name);
            return index < names.size() ? names.get(index) : name;
        }).toList();
    }
}
