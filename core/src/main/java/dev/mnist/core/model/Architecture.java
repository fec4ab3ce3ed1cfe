package dev.mnist.core.model;

import org.nd4j.autodiff.samediff.SameDiff;

/** A network design that can be built as a SameDiff graph for a given input shape and class count. */
public interface Architecture {
    String name();

    String description();

    /** Builds the graph with freshly initialised weights, named as {@link GraphNames} says. */
    SameDiff build(InputShape shape, int classes, long seed);
}
