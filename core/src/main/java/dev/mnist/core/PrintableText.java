package dev.mnist.core;

/**
 * A name as text on one line: control characters (a newline in a file or class name, say) are
 * written as escapes ({@code \n}, {@code \x1b}), so that no name can forge a line of output, or put a
 * terminal's escape sequence or an invalid character into a page.
 */
public final class PrintableText {
    private PrintableText() {
    }

    public static String of(Object name) {
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
