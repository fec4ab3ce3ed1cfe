package dev.mnist.core.data.load;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.data.ImageFolder;
import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.convert.Layout;
import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.data.store.DatasetStore;
import dev.mnist.core.data.store.StoreManifest;
import dev.mnist.core.data.store.StoreSplit;
import dev.mnist.core.image.AutoPreparation;
import dev.mnist.core.image.DigitPreparation;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.image.PlainPreparation;
import dev.mnist.core.io.Existing;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputContract.Resize;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Labelled images and their class names, from whichever kind of folder the user points at.
 * {@code validation} is a validation split of the data set's own (a store's), null when training
 * is to draw one. {@code files} names each image's file for class-folder data sets and stores and
 * is empty for IDX ones. {@code resize} and {@code preparation} are how the images were brought to
 * their shape, and {@code preparationReason} why. {@code skipped} names the unreadable images left out
 * of class folders ("file: why").
 */
public record Dataset(String format, Path source, ImageSet images, ImageSet validation, List<String> classNames,
                      List<Path> files, Resize resize, Preparation preparation, String preparationReason, List<String> skipped) {
    private static final String IMAGE_FOLDERS = "image-folders";

    /** A data set with no validation split of its own, its images squashed to their shape where they were resized. */
    public Dataset(String format, Path source, ImageSet images, List<String> classNames, List<Path> files,
                   Preparation preparation, String preparationReason) {
        this(format, source, images, null, classNames, files, Resize.SQUASH, preparation, preparationReason, List.of());
    }

    /**
     * Detects the format and loads one split: an IDX folder (as {@code download} writes), the PNG
     * folders {@code convert} writes ({@code <dir>/train/<class>/}, {@code <dir>/test/<class>/} or
     * the mnist-png names), plain class folders ({@code <dir>/<class>/}, all of it whatever the
     * split), or a store {@code dataset create} made (its train split with its val split for
     * validation, or its test split), whose images are read from disk as they are needed.
     * <p>
     * Every image goes through the preparation exactly as {@code classify} prepares a file of it:
     * class-folder images are decoded and brought to {@code shape}; IDX images keep their own shape
     * and, for {@code digit}, are put through the digit preparation. A null {@code preparation} is
     * {@link AutoPreparation}'s choice.
     */
    public static Dataset load(Path dir, Split split, InputShape shape, Preparation preparation) {
        int channels = shape.channels();
        if (!java.nio.file.Files.exists(dir)) {
            throw new InvalidInputException(dir + ": no such folder; run 'mnist download' first (it fills data/mnist),"
                    + " or name your data with --data DIR");
        }
        Existing.folder(dir, "folder");
        if (DatasetStore.isOne(dir)) {
            return fromStore(DatasetStore.open(dir), split, shape, preparation);
        }
        IdxFolder idx = new IdxFolder(dir);
        if (idx.has(split)) {
            if (channels != 1) {
                throw new InvalidInputException(dir + ": IDX images are grayscale; --channels 3 needs a class-folder data set");
            }
            LabelledImages stored = idx.load(split);
            AutoPreparation.Decision decision = preparation != null ? given(preparation) : AutoPreparation.decide(stored.shape(), stored.count(), stored::image);
            LabelledImages images = decision.preparation() == Preparation.DIGIT ? digitPrepared(stored) : stored;
            return new Dataset("idx", dir, images, idx.classNames(), List.of(), decision.preparation(), decision.reason());
        }
        Optional<Path> converted = Arrays.stream(Layout.values()).map(layout -> dir.resolve(layout.folder(split)))
                .filter(ImageFolder::looksLikeOne).findFirst();
        if (converted.isPresent()) {
            ImageFolder folder = new ImageFolder(converted.get());
            return fromFolder(folder, converted.get(), namesFromLabelsFile(dir, folder.classNames()), shape, preparation);
        }
        if (ImageFolder.looksLikeOne(dir)) {
            ImageFolder folder = new ImageFolder(dir);
            return fromFolder(folder, dir, folder.classNames(), shape, preparation);
        }
        if (new IdxFolder(dir).has(split == Split.TRAIN ? Split.TEST : Split.TRAIN)) {
            throw new InvalidInputException(dir + ": has no " + split.name().toLowerCase(java.util.Locale.ROOT) + " split ("
                    + split.imagesFile() + "[.gz])");
        }
        throw new InvalidInputException(dir + ": neither an IDX folder (" + split.imagesFile() + "[.gz]) "
                + "nor class folders of images (<class>/<image>.png)");
    }

    private static Dataset fromFolder(ImageFolder folder, Path source, List<String> classNames, InputShape shape,
                                      Preparation preparation) {
        AutoPreparation.Decision decision = preparation != null ? given(preparation)
                : AutoPreparation.decide(shape, folder.files(), new PlainPreparation(shape));
        ImageFolder.Loaded loaded = folder.load(ImagePreparation.of(InputContract.of(shape, decision.preparation())), shape,
                Limits.maxDataBytes());
        return new Dataset(IMAGE_FOLDERS, source, loaded.images(), null, classNames, loaded.files(), Resize.SQUASH,
                decision.preparation(), decision.reason(), loaded.skipped());
    }

    private static Dataset fromStore(DatasetStore store, Split split, InputShape shape, Preparation preparation) {
        StoreManifest manifest = store.manifest();
        if (!manifest.shape().equals(shape)) {
            throw new InvalidInputException(store.dir() + ": the store's images are " + manifest.shape() + "; this needs "
                    + shape + " (make a store of that size with 'mnist dataset create --image-size --channels')");
        }
        if (preparation != null && preparation != manifest.preparation()) {
            throw new InvalidInputException(store.dir() + ": the store's images are " + manifest.preparation().id()
                    + "-prepared; this needs " + preparation.id() + " (make a store with 'mnist dataset create --prepare "
                    + preparation.id() + "')");
        }
        StoreSplit part = split == Split.TRAIN ? StoreSplit.TRAIN : StoreSplit.TEST;
        if (manifest.count(part) == 0) {
            throw new InvalidInputException(store.dir() + ": the store has no " + part.id() + " images"
                    + (part == StoreSplit.TEST ? " (make one with 'mnist dataset create --test-percent' or '--test-data')" : ""));
        }
        ImageSet validation = part == StoreSplit.TRAIN ? store.images(StoreSplit.VAL) : null;
        return new Dataset("store", store.dir(), store.images(part), validation, store.classNames(), store.sourceFiles(part),
                manifest.resize(), manifest.preparation(), "the store's: " + manifest.preparationReason(), List.of());
    }

    /**
     * Each image put through the digit preparation, as {@code classify} would put a PNG of it: an
     * MNIST digit comes out nearly as it was, but not quite (its faintest edge pixels are dropped),
     * and a model is to see in training and evaluation exactly what it will see in use.
     */
    private static LabelledImages digitPrepared(LabelledImages stored) {
        InputShape shape = new InputShape(1, stored.rows(), stored.cols());
        DigitPreparation preparation = new DigitPreparation(shape);
        int size = shape.size();
        byte[] pixels = stored.pixels(); // freshly read for this data set: prepared in place, no second copy
        IntStream.range(0, stored.count()).parallel().forEach(i -> {
            BufferedImage image = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, shape.width(), shape.height(), Arrays.copyOfRange(pixels, i * size, (i + 1) * size));
            System.arraycopy(preparation.prepare(image).pixels(), 0, pixels, i * size, size);
        });
        return stored;
    }

    private static AutoPreparation.Decision given(Preparation preparation) {
        return new AutoPreparation.Decision(preparation, "given");
    }

    /**
     * At most {@code n} of the images, for {@code --limit}: the first {@code n} of an IDX file or a
     * store, whose order is already shuffled (MNIST's own, the store's seeded one); {@code n} spread
     * evenly over class folders, which are in class order, so that every class keeps about its share.
     */
    public ImageSet limited(int n) {
        return format.equals(IMAGE_FOLDERS) ? images.spread(n) : images.first(n);
    }

    /** Where image {@code index} came from: its file, or its position in the IDX file. */
    public String describe(int index) {
        return index >= files.size() ? "#" + index : files.get(index).toString();
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
