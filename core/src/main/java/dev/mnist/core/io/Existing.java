package dev.mnist.core.io;

import dev.mnist.core.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that an input path is there and of the right kind, saying which it is when it is the other. */
public final class Existing {
    private Existing() {
    }

    /** @param what how the message names it: "folder", "run folder" */
    public static Path folder(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + (Files.exists(dir) ? ": is a file, not a " + what : ": no such " + what));
        }
        return dir;
    }

    /** @param what how the message names it: "file", "image list" */
    public static Path file(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + (Files.isDirectory(file) ? ": is a folder, not " + article(what) + " " + what
                    : Files.exists(file) ? ": not a regular file (a pipe or a device), so not " + article(what) + " " + what
                    : ": no such " + what));
        }
        return file;
    }

    private static String article(String what) {
        return "aeiou".indexOf(what.charAt(0)) >= 0 ? "an" : "a";
    }
}
