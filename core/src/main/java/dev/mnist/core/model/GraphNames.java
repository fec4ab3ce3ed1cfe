package dev.mnist.core.model;

/** The names every architecture gives its placeholders and outputs; training and inference use them. */
public final class GraphNames {
    /** Images, shape [batch, channels, height, width], values scaled to [0, 1]. */
    public static final String INPUT = "input";
    /** One-hot labels, shape [batch, classes]. */
    public static final String LABEL = "label";
    public static final String LOGITS = "logits";
    public static final String PROBABILITIES = "probabilities";
    public static final String LOSS = "loss";

    private GraphNames() {
    }
}
