package dev.mnist.core.infer;

import java.nio.file.Path;

/** One image to classify and, when a list gave one, the index of its true class ({@code NO_LABEL} otherwise). */
public record ClassifyInput(Path path, int label) {
    public static final int NO_LABEL = -1;

    public boolean labelled() {
        return label != NO_LABEL;
    }
}
