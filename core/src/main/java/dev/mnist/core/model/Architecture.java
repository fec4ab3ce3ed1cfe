package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * A network design, laid out once on a {@link NetworkBuilder}: built as a SameDiff graph for a given
 * input shape and class count, or only planned, for its sizes, without allocating anything.
 */
public interface Architecture {
    String name();

    String description();

    /** The input it was designed for, and the one {@code mnist models} describes it with. */
    default InputShape designInput() {
        return InputShape.MNIST;
    }

    /** The network, layer by layer, ending in {@link NetworkBuilder#classifier}. */
    void define(NetworkBuilder network, int classes);

    /** The graph that learns, with freshly initialised weights, named as {@link GraphNames} says. */
    default SameDiff trainingGraph(InputShape shape, int classes, long seed) {
        return trainingGraph(shape, classes, seed, 0);
    }

    /** The same, its loss against labels smoothed by {@code labelSmoothing} ({@code train --label-smoothing}). */
    default SameDiff trainingGraph(InputShape shape, int classes, long seed, double labelSmoothing) {
        return TrainingGraph.build(plan(shape, classes), seed, labelSmoothing);
    }

    /** The graph that answers, made of a model's arrays (see {@link Network#state}), which it uses as they are. */
    default SameDiff inferenceGraph(InputShape shape, int classes, Map<String, INDArray> saved) {
        return InferenceGraph.build(plan(shape, classes), saved);
    }

    /** The network for this input, with its layers, parameters and FLOPs, built as no graph. */
    default Network plan(InputShape shape, int classes) {
        NetworkBuilder network = NetworkBuilder.plan(shape);
        define(network, classes);
        return network.network();
    }

    /** The trainable parameters the graph for this input and class count would have, computed without building it. */
    default long parameterCount(InputShape shape, int classes) {
        return plan(shape, classes).parameters();
    }

    /** The smallest input height and width whose every layer still has an output (computed from its plan at the design input). */
    default int minimumSide() {
        return plan(designInput(), 2).minimumSide();
    }

    /** The graph's layers in order, for inspection: each names its output variable and its parameters. */
    default List<Layer> layers() {
        return plan(designInput(), 10).described();
    }

    /**
     * One layer: {@code name} is the graph variable holding its output; {@code kind} what it does;
     * {@code weights} and {@code bias} name its parameters (null when it has none;
     * gamma and beta for a batch normalisation). Conv weights are {@code [kH, kW, in, out]}.
     */
    record Layer(String name, LayerKind kind, String weights, String bias) {
    }

    /**
     * The network for this input and class count, once it is checked to fit within {@link Limits}:
     * the sides between {@link #minimumSide} and {@link Limits#MAX_INPUT_SIDE}, 2 to
     * {@link Limits#MAX_CLASSES} classes, at most {@link Limits#MAX_PARAMETERS} parameters.
     * Nothing is allocated.
     *
     * @throws InvalidInputException naming the size and the limit
     */
    default Network check(InputShape shape, int classes) {
        if (shape.channels() != 1 && shape.channels() != 3) {
            throw new InvalidInputException(name() + ": input of " + shape.channels() + " channels; 1 (gray) or 3 (RGB) are supported");
        }
        Network network;
        try {
            network = plan(shape, classes);
        } catch (InvalidInputException tooSmall) {
            int minimum = minimumSide();
            throw new InvalidInputException(name() + " needs inputs of at least " + minimum + "x" + minimum
                    + " pixels, not " + shape.height() + "x" + shape.width(), tooSmall);
        }
        if (Math.max(shape.height(), shape.width()) > Limits.MAX_INPUT_SIDE) {
            throw new InvalidInputException("an input of " + shape.height() + "x" + shape.width() + " pixels is over the limit of "
                    + Limits.MAX_INPUT_SIDE + " on a side");
        }
        if (classes < 2 || classes > Limits.MAX_CLASSES) {
            throw new InvalidInputException(classes + " classes; 2 to " + Limits.MAX_CLASSES + " are supported");
        }
        if (network.parameters() > Limits.MAX_PARAMETERS) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                    "%s for %s input and %d classes would have %,d parameters; at most %,d are supported",
                    name(), shape, classes, network.parameters(), Limits.MAX_PARAMETERS));
        }
        return network;
    }
}
