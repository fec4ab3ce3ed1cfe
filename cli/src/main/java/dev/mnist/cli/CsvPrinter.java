package dev.mnist.cli;

import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.ClassifySummary;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code path,label,status,class_1,probability_1,...}: status is {@code ok}, {@code blank} or
 * {@code failed} (no classes; the reason is on stderr); label is empty without one.
 */
final class CsvPrinter implements ClassificationPrinter {
    private final PrintWriter out;
    private final List<String> classNames;
    private final int top;

    CsvPrinter(PrintWriter out, List<String> classNames, int top) {
        this.out = out;
        this.classNames = classNames;
        this.top = Math.min(top, classNames.size());
    }

    @Override
    public void start() {
        StringBuilder header = new StringBuilder("path,label,status");
        for (int i = 1; i <= top; i++) {
            header.append(",class_").append(i).append(",probability_").append(i);
        }
        out.println(header);
    }

    @Override
    public void print(Classification result) {
        StringBuilder row = new StringBuilder(field(result.input().path().toString())).append(',')
                .append(result.input().labelled() ? field(classNames.get(result.input().label())) : "").append(',')
                .append(result.status().id());
        for (int i = 0; i < top; i++) {
            if (result.status() != Classification.Status.FAILED && i < result.top().size()) {
                Classification.Guess guess = result.top().get(i);
                row.append(',').append(field(guess.className())).append(',')
                        .append(String.format(Locale.ROOT, "%.6f", guess.probability()));
            } else {
                row.append(",,");
            }
        }
        out.println(row);
    }

    @Override
    public void finish(ClassifySummary summary) {
        out.flush();
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break, with quotes doubled. */
    static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
