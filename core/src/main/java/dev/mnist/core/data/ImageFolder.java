package dev.mnist.core.data;


import dev.mnist.core.InvalidInputException;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.model.InputShape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A class-folder image data set: {@code <root>/<class>/*.png|jpg|...}, as {@code mnist convert}
 * writes it (under {@code train/}) or as a user arranges their own images. Images of any size are
 * prepared for the requested shape, gray or RGB, by the model's preparation.
 */
public final class ImageFolder {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private final Path root;

    public ImageFolder(Path root) {
        this.root = root;
    }

    /** True when {@code dir} has at least one subfolder holding an image. */
    public static boolean looksLikeOne(Path dir) {
        return !classFolders(dir).isEmpty();
    }

    /** Class names: subfolder names, in numeric order when all are numbers, else alphabetical. */
    public List<String> classNames() {
        List<Path> folders = classFolders(root);
        if (folders.isEmpty()) {
            throw new InvalidInputException(root + ": no class folders with images (expected <class>/<image>.png)");
        }
        return folders.stream().map(p -> p.getFileName().toString()).toList();
    }

    /**
     * Of a data set's images this share (in percent) may be unreadable and left out; more means the
     * wrong folder, or a broken copy, and loading stops.
     */
    public static final double MAX_SKIPPED_PERCENT = 1;

    /** The images, prepared, with the file each came from, and the unreadable ones left out ("file: why"). */
    public record Loaded(ImageSet images, List<Path> files, List<String> skipped) {
    }

    /**
     * Every image, each prepared by {@code preparation} into {@code shape}: decoded on all cores into
     * memory when they take at most {@code maxBytes} there, else decoded from disk each time it is
     * read, so that a data set of any size trains (a store, see {@code mnist dataset create},
     * decodes only once).
     */
    public Loaded load(ImagePreparation preparation, InputShape shape, long maxBytes) {
        Listed listed = listed();
        if ((long) listed.files.size() * shape.size() > Math.min(maxBytes, Integer.MAX_VALUE - 8)) {
            return new Loaded(new Streamed(List.copyOf(listed.files), labelBytes(listed), shape, preparation), List.copyOf(listed.files),
                    List.of());
        }
        return prepare(listed, preparation, shape);
    }

    /** The images of a folder too large for memory, decoded and prepared whenever one is read. */
    private record Streamed(List<Path> files, byte[] labels, InputShape shape, ImagePreparation preparation) implements ImageSet {
        public int count() { return files.size(); }
        public int channels() { return shape.channels(); }
        public int rows() { return shape.height(); }
        public int cols() { return shape.width(); }
        public int label(int index) { return labels[index] & 0xFF; }

        public void copy(int index, byte[] target, int offset) {
            try {
                System.arraycopy(preparation.prepare(ImageFiles.read(files.get(index))).pixels(), 0, target, offset, shape.size());
            } catch (InvalidInputException e) {
                // Read as it is needed, a broken image cannot be left out of a run already going.
                throw new InvalidInputException(e.getMessage() + " (a folder too large for memory is read as it trains;"
                        + " 'mnist dataset create' leaves unreadable images out)", e);
            }
        }
    }

    private static byte[] labelBytes(Listed listed) {
        byte[] labels = new byte[listed.labels.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (int) listed.labels.get(i);
        }
        return labels;
    }

    /** Every image file, class by class. */
    public List<Path> files() {
        return List.copyOf(listed().files);
    }

    private record Listed(Path root, List<Path> files, List<Integer> labels) {
    }

    private Listed listed() {
        List<String> classes = classNames();
        if (classes.size() > 256) {
            throw new InvalidInputException(root + ": " + classes.size() + " class folders; at most 256 are supported");
        }
        Listed listed = new Listed(root, new ArrayList<>(), new ArrayList<>());
        for (int label = 0; label < classes.size(); label++) {
            for (Path file : images(root.resolve(classes.get(label)))) {
                listed.files.add(file);
                listed.labels.add(label);
            }
        }
        return listed;
    }

    /** Decodes every image on all cores; the unreadable ones are left out, up to {@link #MAX_SKIPPED_PERCENT}. */
    private Loaded prepare(Listed listed, ImagePreparation preparation, InputShape shape) {
        List<Path> files = listed.files;
        int size = shape.size();
        byte[] pixels = new byte[Math.toIntExact((long) files.size() * size)];
        String[] failures = new String[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                System.arraycopy(preparation.prepare(ImageFiles.read(files.get(i))).pixels(), 0, pixels, i * size, size);
            } catch (InvalidInputException e) {
                failures[i] = e.getMessage();
            }
        });
        List<String> skipped = new ArrayList<>();
        List<Path> kept = new ArrayList<>();
        byte[] labels = labelBytes(listed);
        int n = 0;
        for (int i = 0; i < files.size(); i++) {
            if (failures[i] != null) {
                skipped.add(failures[i]);
                continue;
            }
            System.arraycopy(pixels, i * size, pixels, n * size, size);
            labels[n++] = labels[i];
            kept.add(files.get(i));
        }
        checkSkipped(skipped, files.size());
        return new Loaded(new LabelledImages(n, shape.channels(), shape.height(), shape.width(),
                n == files.size() ? pixels : Arrays.copyOf(pixels, n * size), Arrays.copyOf(labels, n)), List.copyOf(kept),
                List.copyOf(skipped));
    }

    private void checkSkipped(List<String> skipped, int total) {
        SkippedImages.check(skipped, total, MAX_SKIPPED_PERCENT, root + ": ", "the " + MAX_SKIPPED_PERCENT + "% left out at most",
                " ('mnist dataset create --max-skipped' makes a store of the rest)");
    }

    private static List<Path> classFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> folders = children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(ImageFolder::hasImage).toList();
            return inClassOrder(folders);
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** Class folders in class order: numeric when every name is a number, else alphabetical. */
    public static List<Path> inClassOrder(List<Path> folders) {
        Comparator<String> order = classOrder(folders.stream().map(p -> p.getFileName().toString()).toList());
        return folders.stream().sorted(Comparator.comparing(p -> p.getFileName().toString(), order)).toList();
    }

    /** The order of class folders of these names: numeric when every name is a number, else alphabetical. */
    public static Comparator<String> classOrder(List<String> names) {
        boolean numeric = names.stream().allMatch(name -> name.matches("\\d{1,9}"));
        return numeric ? Comparator.comparingInt(Integer::parseInt) : Comparator.naturalOrder();
    }

    /** Stops at the first image, so telling a class folder apart costs little on a large one. */
    private static boolean hasImage(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(ImageFolder::isImage);
        } catch (IOException e) {
            throw new InvalidInputException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<Path> images(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(ImageFolder::isImage).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    public static boolean isImage(Path file) {
        return hasImageName(file.getFileName().toString()) && Files.isRegularFile(file);
    }

    /** True when a file of this name is taken for an image: PNG, JPEG, BMP or GIF by its extension. */
    public static boolean hasImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
