package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/** A network design that can be built as a SameDiff graph for a given input shape and class count. */
public interface Architecture {
    String name();

    String description();

    /** Builds the graph with freshly initialised weights, named as {@link GraphNames} says. */
    SameDiff build(InputShape shape, int classes, long seed);

    /** The smallest input height and width whose every layer still has an output. */
    int minimumSide();

    /** The trainable parameters the graph for this input and class count would have, computed without building it. */
    long parameterCount(InputShape shape, int classes);

    /**
     * Checks that a graph for this input and class count can be built within {@link Limits}: the
     * sides between {@link #minimumSide} and {@link Limits#MAX_INPUT_SIDE}, 2 to
     * {@link Limits#MAX_CLASSES} classes, at most {@link Limits#MAX_PARAMETERS} parameters.
     * Nothing is allocated.
     *
     * @throws InvalidInputException naming the size and the limit
     */
    default void check(InputShape shape, int classes) {
        int side = Math.min(shape.height(), shape.width());
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new InvalidInputException(name() + ": input of " + shape.channels() + " channels; 1 (gray) or 3 (RGB) are supported");
        }
        if (side < minimumSide()) {
            throw new InvalidInputException(name() + " needs inputs of at least " + minimumSide() + "x" + minimumSide()
                    + " pixels, not " + shape.height() + "x" + shape.width());
        }
        if (Math.max(shape.height(), shape.width()) > Limits.MAX_INPUT_SIDE) {
            throw new InvalidInputException("an input of " + shape.height() + "x" + shape.width() + " pixels is over the limit of "
                    + Limits.MAX_INPUT_SIDE + " on a side");
        }
        if (classes < 2 || classes > Limits.MAX_CLASSES) {
            throw new InvalidInputException(classes + " classes; 2 to " + Limits.MAX_CLASSES + " are supported");
        }
        long parameters = parameterCount(shape, classes);
        if (parameters > Limits.MAX_PARAMETERS) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                    "%s for %s input and %d classes would have %,d parameters; at most %,d are supported",
                    name(), shape, classes, parameters, Limits.MAX_PARAMETERS));
        }
    }

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
