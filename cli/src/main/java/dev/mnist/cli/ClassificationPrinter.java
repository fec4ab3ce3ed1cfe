package dev.mnist.cli;

import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.ClassifySummary;

/**
 * Prints classify's results on stdout as they stream in: one line per image as text or CSV, or
 * one JSON document written incrementally. Inputs that failed are not printed here (they are
 * reported on stderr); the JSON summary counts them.
 */
interface ClassificationPrinter {
    void start();

    void print(Classification result);

    void finish(ClassifySummary summary);
}
