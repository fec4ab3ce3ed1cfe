package dev.mnist.cli;

import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.ClassifySummary;

/**
 * Prints classify's results on stdout as they stream in: one line per image as text or CSV, or
 * one JSON document written incrementally. The command reports an input that failed on stderr;
 * text leaves it out, CSV gives it a {@code failed} row without classes, JSON a {@code failed}
 * prediction with its {@code error}, and the JSON summary counts it.
 */
interface ClassificationPrinter {
    void start();

    void print(Classification result);

    void finish(ClassifySummary summary);
}
