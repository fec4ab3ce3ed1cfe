package dev.mnist.core.data;

import dev.mnist.core.InvalidInputException;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A class-folder image data set: {@code <root>/<class>/*.png|jpg|...}, as {@code mnist convert}
 * writes it (under {@code train/}) or as a user arranges their own images. Images of any size are
 * resized to the requested shape, in gray or RGB.
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

    /** The images, resized, with the file each came from. */
    public record Loaded(LabelledImages images, List<Path> files) {
    }

    public Loaded load(int channels, int rows, int cols) {
        List<String> classes = classNames();
        if (classes.size() > 256) {
            throw new InvalidInputException(root + ": " + classes.size() + " class folders; at most 256 are supported");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            for (Path file : images(root.resolve(classes.get(label)))) {
                files.add(file);
                labels.add(label);
            }
        }
        int size = channels * rows * cols;
        byte[] pixels = new byte[files.size() * size];
        byte[] labelBytes = new byte[files.size()];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            writePixels(ImageFiles.read(files.get(i)), channels, rows, cols, pixels, i * size);
            labelBytes[i] = (byte) (int) labels.get(i);
        });
        return new Loaded(new LabelledImages(files.size(), channels, rows, cols, pixels, labelBytes), List.copyOf(files));
    }

    /** Scales {@code image} to rows x cols and writes it planar, gray or RGB, at {@code offset}. */
    public static void writePixels(BufferedImage image, int channels, int rows, int cols, byte[] target, int offset) {
        BufferedImage scaled = new BufferedImage(cols, rows, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, cols, rows, null);
        g.dispose();
        if (channels == 1) {
            System.arraycopy(copyGray(scaled, rows, cols), 0, target, offset, rows * cols);
            return;
        }
        int plane = rows * cols;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int rgb = scaled.getRGB(x, y);
                int at = offset + y * cols + x;
                target[at] = (byte) (rgb >> 16);
                target[at + plane] = (byte) (rgb >> 8);
                target[at + 2 * plane] = (byte) rgb;
            }
        }
    }

    private static byte[] copyGray(BufferedImage gray, int rows, int cols) {
        byte[] pixels = new byte[rows * cols];
        gray.getRaster().getDataElements(0, 0, cols, rows, pixels);
        return pixels;
    }

    private static List<Path> classFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> folders = children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(ImageFolder::hasImage).toList();
            boolean numeric = folders.stream().allMatch(p -> p.getFileName().toString().matches("\\d{1,9}"));
            Comparator<Path> order = numeric
                    ? Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()))
                    : Comparator.comparing(p -> p.getFileName().toString());
            return folders.stream().sorted(order).toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
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
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT)) && Files.isRegularFile(file);
    }
}
