package dev.mnist.core.infer;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.TextLines;
import dev.mnist.core.Limits;
import dev.mnist.core.data.ImageFolder;
import dev.mnist.core.io.Existing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The images named on a command line, produced one at a time so that any number can be streamed:
 * a file is itself; a folder is every image under it, depth first, each folder in name order; and
 * {@code @list.txt} is the list's lines, {@code path [label]} as DIGITS' classify-many reads them
 * (relative paths against the list's folder, then the working folder; a label is a class name or
 * index; blank lines and {@code #} comments are skipped). A file that does not exist is still
 * produced, so that it is reported like any unreadable one. Links in folders are followed, but each
 * folder is walked once and each file produced once, by their real paths.
 */
public final class InputList implements Iterator<ClassifyInput>, AutoCloseable {
    private final Deque<String> arguments;
    private final List<String> classNames;
    private final Deque<Iterator<Path>> folders = new ArrayDeque<>();
    /** Real paths of the folders walked, so that a link back up the tree is not followed round. */
    private final Set<Path> foldersSeen = new HashSet<>();
    /** Real paths of the files produced through a link, so that no file comes twice. */
    private final Set<Path> linkedFiles = new HashSet<>();
    private BufferedReader list;
    private Path listFile;
    private long listLine;
    private ClassifyInput next;

    /** @throws InvalidInputException when a {@code @list} file does not exist, before anything is produced */
    public InputList(List<String> arguments, List<String> classNames) {
        this.arguments = new ArrayDeque<>(arguments);
        this.classNames = classNames;
        for (String argument : arguments) {
            if (argument.startsWith("@")) {
                Existing.file(Path.of(argument.substring(1)), "image list");
            }
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public ClassifyInput next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ClassifyInput result = next;
        next = null;
        return result;
    }

    private ClassifyInput advance() {
        while (true) {
            if (list != null) {
                ClassifyInput fromList = nextFromList();
                if (fromList != null) {
                    return fromList;
                }
                continue;
            }
            if (!folders.isEmpty()) {
                Path image = nextInFolders();
                if (image != null) {
                    return new ClassifyInput(image, ClassifyInput.NO_LABEL);
                }
                continue;
            }
            String argument = arguments.poll();
            if (argument == null) {
                return null;
            }
            if (argument.startsWith("@")) {
                openList(Path.of(argument.substring(1)));
            } else if (Files.isDirectory(Path.of(argument))) {
                if (firstVisit(Path.of(argument))) {
                    folders.push(sortedChildren(Path.of(argument)));
                }
            } else {
                return new ClassifyInput(Path.of(argument), ClassifyInput.NO_LABEL);
            }
        }
    }

    private Path nextInFolders() {
        while (!folders.isEmpty()) {
            Iterator<Path> current = folders.peek();
            if (!current.hasNext()) {
                folders.pop();
                continue;
            }
            Path child = current.next();
            if (child.getFileName().toString().startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(child)) {
                if (firstVisit(child)) {
                    folders.push(sortedChildren(child));
                }
            } else if (ImageFolder.isImage(child) && firstTime(child)) {
                return child;
            }
        }
        return null;
    }

    private boolean firstVisit(Path folder) {
        try {
            return foldersSeen.add(folder.toRealPath());
        } catch (IOException e) {
            throw new InvalidInputException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /**
     * False for a file already produced, or sure to be: a link to a file in a folder walked (or
     * being walked), a second link to one file, or the file itself after a link to it.
     */
    private boolean firstTime(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                Path real = file.toRealPath();
                return !foldersSeen.contains(real.getParent()) && linkedFiles.add(real);
            }
            return linkedFiles.isEmpty() || !linkedFiles.contains(file.toRealPath());
        } catch (IOException e) {
            return true; // reported as unreadable when it is read
        }
    }

    /** One folder's entries in name order; only one folder's names are held per level of depth. */
    private static Iterator<Path> sortedChildren(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.sorted().toList().iterator();
        } catch (IOException e) {
            throw new InvalidInputException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private void openList(Path file) {
        try {
            list = Files.newBufferedReader(file);
            listFile = file;
            listLine = 0;
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read image list (" + e.getMessage() + ")", e);
        }
    }

    private ClassifyInput nextFromList() {
        try {
            String line;
            while ((line = readLine()) != null) {
                ListLine entry = ListLine.parse(line, classNames);
                if (entry != null) {
                    return new ClassifyInput(resolve(entry.path()), entry.label());
                }
            }
            list.close();
            list = null;
            return null;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(listFile + ": not a UTF-8 text file of image paths", e);
        } catch (IOException e) {
            throw new UncheckedIOException(listFile + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The list's next line, at most {@link Limits#MAX_LIST_LINE} characters; null at its end. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = list.read()) >= 0 && c != '\n') {
            if (line.length() == Limits.MAX_LIST_LINE) {
                throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                        "%s: line %d is over %,d characters; not a list of image paths", listFile, listLine + 1, Limits.MAX_LIST_LINE));
            }
            line.append((char) c);
        }
        if (c < 0 && line.isEmpty()) {
            return null;
        }
        listLine++;
        int end = line.length();
        String text = end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        return listLine == 1 ? TextLines.withoutBom(text) : text;
    }

    private Path resolve(String path) {
        Path given = Path.of(path);
        if (given.isAbsolute()) {
            return given;
        }
        Path folder = listFile.getParent();
        Path besideList = folder == null ? given : folder.resolve(given);
        return Files.exists(besideList) || !Files.exists(given) ? besideList : given;
    }

    @Override
    public void close() {
        if (list != null) {
            try {
                list.close();
            } catch (IOException ignored) {
                // Only read from; nothing is lost.
            }
        }
    }
}
