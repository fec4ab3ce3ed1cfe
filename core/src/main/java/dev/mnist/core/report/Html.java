package dev.mnist.core.report;

import dev.mnist.core.PrintableText;

import java.util.List;

/** The bits of HTML the report pages are made of: one self-contained page, its text escaped. */
final class Html {
    private final StringBuilder page = new StringBuilder();

    Html(String title) {
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(escape(title))
                .append("</title>\n<style>\nbody{font-family:system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#222}\n")
                .append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px}\n")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f2f2}img{max-width:100%;border:1px solid #ddd}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
    }

    Html heading(String text) {
        page.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    Html paragraph(String text) {
        page.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    Html image(String file, String alt) {
        page.append("<p><img src=\"").append(escape(file)).append("\" alt=\"").append(escape(alt)).append("\"></p>\n");
        return this;
    }

    /** A table; cells that parse as numbers are right-aligned. */
    Html table(List<String> header, List<List<String>> rows) {
        page.append("<table>\n<tr>");
        header.forEach(h -> page.append("<th>").append(escape(h)).append("</th>"));
        page.append("</tr>\n");
        for (List<String> row : rows) {
            page.append("<tr>");
            for (String cell : row) {
                page.append(isNumber(cell) ? "<td class=\"n\">" : "<td>").append(escape(cell)).append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</table>\n");
        return this;
    }

    String end() {
        return page.append("</body>\n</html>\n").toString();
    }

    /** Text as HTML; control characters (from class or file names) as the command line writes them. */
    static String escape(String text) {
        return PrintableText.of(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static boolean isNumber(String cell) {
        return cell.matches("-?[\\d.,]+%?(e-?\\d+)?");
    }
}
