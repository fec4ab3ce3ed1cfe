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
        String text = String.valueOf(name);
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                if (out == null) {
                    out = new StringBuilder(text.substring(0, i));
                }
                out.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format("\\x%02x", (int) c);
                });
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
