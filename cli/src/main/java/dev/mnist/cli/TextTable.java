package dev.mnist.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows of cells printed as aligned columns: columns of numbers right-aligned, others left-aligned. */
final class TextTable {
    private static final String GAP = "  ";
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    TextTable add(Object... cells) {
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = Printable.of(cells[i]);   // a class name from a folder's name may hold a newline
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out, String indent) {
        int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        boolean[] numeric = new boolean[columns];
        for (int c = 0; c < columns; c++) {
            int column = c;
            numeric[c] = rows.stream().skip(1).allMatch(row -> column >= row.length || row[column].matches("-?[0-9.]+%?"));
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    line.append(GAP);
                }
                String padding = " ".repeat(widths[c] - row[c].length());
                line.append(numeric[c] ? padding + row[c] : row[c] + padding);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
