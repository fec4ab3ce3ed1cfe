package dev.mnist.core.data.store;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.Existing;
import dev.mnist.core.io.TextLines;
import dev.mnist.core.Limits;
import dev.mnist.core.data.ImageFolder;
import dev.mnist.core.io.Existing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The image files a store is made from, with their labels: class folders ({@code DIR/<class>/},
 * image files at any depth under each), or a DIGITS text list ({@code @list.txt}: one
 * {@code <path> <label number>} per line, paths relative to the list's folder, class names from
 * {@code labels.txt} beside it when there is one).
 */
public record SourceImages(String source, List<String> classNames, List<Entry> entries) {

    /** One image file and its label. */
    public record Entry(Path file, int label) {
    }

    /**
     * Lists {@code source}: a folder, or {@code @file} for a list. When {@code classNames} is given
     * (validation or test data beside the training data), folders are matched to it by name and a
     * list's numbers must fall within it.
     */
    public static SourceImages list(String source, List<String> classNames) {
        if (source.startsWith("@")) {
            return fromList(source, Path.of(source.substring(1)), classNames);
        }
        return fromFolders(source, Path.of(source), classNames);
    }

    private static SourceImages fromFolders(String source, Path root, List<String> known) {
        Existing.folder(root, "folder");
        List<Path> folders;
        try (Stream<Path> children = Files.list(root)) {
            folders = children.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new InvalidInputException(root + ": cannot list (" + e.getMessage() + ")", e);
        }
        List<List<Path>> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path folder : ImageFolder.inClassOrder(folders)) {
            List<Path> images = imagesUnder(folder);
            if (!images.isEmpty()) {
                names.add(classNameOf(root, folder));
                files.add(images);
            }
        }
        if (names.isEmpty()) {
            throw new InvalidInputException(root + ": no class folders with images (expected <class>/<image>.png)");
        }
        List<String> classNames = known != null ? known : names;
        if (classNames.size() > Limits.MAX_CLASSES) {
            throw new InvalidInputException(root + ": " + classNames.size() + " classes; at most " + Limits.MAX_CLASSES + " are supported");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int label = classNames.indexOf(names.get(i));
            if (label < 0) {
                throw new InvalidInputException(root.resolve(names.get(i)) + ": class '" + names.get(i)
                        + "' is not one of the training data's " + classNames);
            }
            files.get(i).forEach(file -> entries.add(new Entry(file, label)));
        }
        return new SourceImages(source, classNames, entries);
    }

    /** A class folder's name, which becomes a line of labels.txt: no line breaks or other control characters. */
    private static String classNameOf(Path root, Path folder) {
        String name = folder.getFileName().toString();
        if (name.chars().anyMatch(Character::isISOControl)) {
            String shown = name.chars().mapToObj(c -> Character.isISOControl(c) ? String.format("\\x%02x", c) : String.valueOf((char) c))
                    .collect(Collectors.joining());
            throw new InvalidInputException(root + ": class folder '" + shown + "': a class name must not hold line breaks "
                    + "or other control characters (class names are lines of labels.txt)");
        }
        return name;
    }

    private static SourceImages fromList(String source, Path list, List<String> known) {
        Existing.file(list, "list file");
        Path base = list.toAbsolutePath().getParent();
        List<Entry> entries = new ArrayList<>();
        int highest = -1;
        try (Stream<String> lines = Files.lines(list)) {
            int number = 0;
            for (String line : (Iterable<String>) lines::iterator) {
                number++;
                String text = (number == 1 ? TextLines.withoutBom(line) : line).strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                int space = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'));
                int label = space > 0 ? parseLabel(text.substring(space + 1)) : -1;
                if (label < 0 || label >= Limits.MAX_CLASSES || text.length() > Limits.MAX_LIST_LINE) {
                    throw new InvalidInputException(list + ":" + number + ": expected '<path> <label 0-255>', found '"
                            + abbreviate(text) + "'");
                }
                entries.add(new Entry(base.resolve(text.substring(0, space).strip()), label));
                highest = Math.max(highest, label);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidInputException(list + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException(list + ": lists no images");
        }
        List<String> classNames = known != null ? known : namesBeside(list, highest + 1);
        if (highest >= classNames.size()) {
            throw new InvalidInputException(list + ": label " + highest + " is outside the " + classNames.size() + " classes");
        }
        return new SourceImages(source, classNames, entries);
    }

    /** {@code labels.txt} beside the list, or the numbers themselves. */
    private static List<String> namesBeside(Path list, int count) {
        Path file = list.toAbsolutePath().resolveSibling(DatasetStore.CLASS_NAMES);
        if (Files.isRegularFile(file)) {
            List<String> names = TextLines.names(file);
            if (names.size() >= count) {
                return names;
            }
            throw new InvalidInputException(file + ": names " + names.size() + " classes; " + list + " uses " + count);
        }
        return IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }

    private static int parseLabel(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static List<Path> imagesUnder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> notHidden(folder, p)).filter(ImageFolder::isImage).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidInputException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** Hidden files and folders (a leftover {@code .tmp}, {@code .git}) hold no data. */
    private static boolean notHidden(Path folder, Path file) {
        for (Path part : folder.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
