package dev.mnist.core.io;

import dev.mnist.core.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lines of a text file a user wrote, as Windows editors save them too: a UTF-8 byte order mark is no part of the first. */
public final class TextLines {
    private static final String BOM = "\uFEFF";

    private TextLines() {
    }

    public static String withoutBom(String firstLine) {
        return firstLine.startsWith(BOM) ? firstLine.substring(BOM.length()) : firstLine;
    }

    /** The file's lines, each stripped of surrounding white space, blank ones left out: a list of names. */
    public static List<String> names(Path file) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            if (!lines.isEmpty()) {
                lines.set(0, withoutBom(lines.get(0)));
            }
            return lines.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
