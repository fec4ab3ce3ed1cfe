package dev.mnist.core.infer;

import java.util.List;

/**
 * One line of an image list, {@code path [label]} as DIGITS' classify-many reads it: the last word
 * is a label when it names one of the model's classes (by name or index), otherwise the whole line
 * is the path. {@code label} is {@link ClassifyInput#NO_LABEL} without one.
 */
public record ListLine(String path, int label) {

    /** The entry on a line, or null for a blank line or a {@code #} comment. */
    public static ListLine parse(String line, List<String> classNames) {
        String entry = line.strip();
        if (entry.isEmpty() || entry.startsWith("#")) {
            return null;
        }
        int space = Math.max(entry.lastIndexOf(' '), entry.lastIndexOf('\t'));
        if (space > 0) {
            int label = classIndex(entry.substring(space + 1), classNames);
            if (label != ClassifyInput.NO_LABEL) {
                return new ListLine(entry.substring(0, space).strip(), label);
            }
        }
        return new ListLine(entry, ClassifyInput.NO_LABEL);
    }

    /** The class a label names, by name or index; {@link ClassifyInput#NO_LABEL} when it names none. */
    public static int classIndex(String label, List<String> classNames) {
        int byName = classNames.indexOf(label);
        if (byName >= 0) {
            return byName;
        }
        if (label.matches("\\d{1,6}")) {
            int index = Integer.parseInt(label);
            return index < classNames.size() ? index : ClassifyInput.NO_LABEL;
        }
        return ClassifyInput.NO_LABEL;
    }
}
