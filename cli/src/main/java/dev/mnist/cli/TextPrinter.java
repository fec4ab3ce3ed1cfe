package dev.mnist.cli;

import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.ClassifySummary;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code path: 7 (99.2%)  1 (0.5%)  9 (0.1%)}, with the label and whether it was right when a list gave one. */
final class TextPrinter implements ClassificationPrinter {
    private final PrintWriter out;
    private final List<String> classNames;

    TextPrinter(PrintWriter out, List<String> classNames) {
        this.out = out;
        this.classNames = classNames;
    }

    @Override
    public void start() {
    }

    @Override
    public void print(Classification result) {
        String label = result.input().labelled() ? Printable.of(classNames.get(result.input().label())) : null;
        switch (result.status()) {
            case BLANK -> out.println(Printable.of(result.input().path()) + ": blank (nothing drawn on it)" + (label == null ? "" : "  [label " + label + "]"));
            case CLASSIFIED -> {
                String guesses = result.top().stream()
                        .map(g -> String.format(Locale.ROOT, "%s (%.1f%%)", Printable.of(g.className()), 100 * g.probability()))
                        .collect(Collectors.joining("  "));
                String verdict = label == null ? "" : result.correct() ? "  [right]" : "  [wrong: label " + label + "]";
                out.println(Printable.of(result.input().path()) + ": " + guesses + verdict);
            }
            case FAILED -> {
                // Reported on stderr by the command.
            }
        }
    }

    @Override
    public void finish(ClassifySummary summary) {
        out.flush();
    }
}
