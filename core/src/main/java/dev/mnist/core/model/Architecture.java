package dev.mnist.core.model;

import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/** A network design that can be built as a SameDiff graph for a given input shape and class count. */
public interface Architecture {
    String name();

    String description();

    /** Builds the graph with freshly initialised weights, named as {@link GraphNames} says. */
    SameDiff build(InputShape shape, int classes, long seed);

    /** The graph's layers in order, for inspection: each names its output variable and its parameters. */
    List<Layer> layers();

    /**
     * One layer: {@code name} is the graph variable holding its output; {@code kind} is {@code conv},
     * {@code pool}, {@code dense} or {@code softmax}; {@code weights} and {@code bias} name its
     * parameters (null when it has none). Conv weights are {@code [kH, kW, in, out]}.
     */
    record Layer(String name, String kind, String weights, String bias) {
    }
}
