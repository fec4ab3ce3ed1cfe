package dev.mnist.cli;

/**
 * A name as one line of text output: control characters (a newline in a file name, say) are
 * written as escapes, so that no name can forge a result line of its own.
 */
final class Printable {
    private Printable() {
    }

    /**
     * A message whose lines are the toolkit's own: each line escaped, and every line after the first
     * indented, so that a newline in a name it quotes cannot start a line of its own at the margin.
     */
    static String lines(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n').append(line.startsWith(" ") ? "" : "  ");
            }
            out.append(of(line));
        }
        return out.toString();
    }

    static String of(Object name) {
        return dev.mnist.core.PrintableText.of(name);
    }
}
