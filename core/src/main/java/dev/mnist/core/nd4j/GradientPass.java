package dev.mnist.core.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training step's outputs and gradients, as SameDiff's {@code calculateGradientsAndOutputs}
 * gives them, to the last bit. Batches run through {@link PreparedOps}: the gradient function's ops
 * set up once for the batch shape, with output arrays of their own that each step writes again.
 * SameDiff's session works out every op's arguments, output shapes and arrays on every step (about
 * a third of a LeNet-5 step), and with its array cache off, as that method sets it for the gradient
 * function, every op output of every step is a new zero-filled allocation, held until the garbage
 * collector finds it. A batch of another shape (an epoch's last, smaller one) is prepared
 * for in the memory of the shape before; preparing runs the ops, so it costs no step of its own.
 * <p>
 * What a step returns is written over by a later step: read it, or copy it, first. The weights,
 * which steps change in place, are the graph's own arrays. Not thread-safe.
 */
public final class GradientPass {
    private static final String GRADIENT_FUNCTION = "grad";

    private final SameDiff graph;
    private final SameDiff gradients;
    private final List<String> outputs;
    private final List<String> weights;
    /** Each weight's gradient variable, in the gradient function. */
    private final Map<String, String> gradientOf = new LinkedHashMap<>();
    private final List<String> wanted;
    private final ArrayPool pool = new ArrayPool();
    /** The ops prepared for the last batch's shape; null before the first, or where the graph is not preparable. */
    private PreparedOps prepared;
    /** False once the gradient function is found to hold an op {@link PreparedOps} does not set up. */
    private boolean preparable = true;

    /** The pass for {@code outputs} and the gradients of {@code weights}; builds the gradient function if the graph has none. */
    public GradientPass(SameDiff graph, Collection<String> outputs, Collection<String> weights) {
        if (graph.getFunction(GRADIENT_FUNCTION) == null) {
            TrainingState.createGradients(graph);
        }
        this.graph = graph;
        this.gradients = graph.getFunction(GRADIENT_FUNCTION);
        this.outputs = List.copyOf(outputs);
        this.weights = List.copyOf(weights);
        for (String weight : weights) {
            SDVariable gradient = graph.getVariable(weight).getGradient();
            if (gradient != null) {
                gradientOf.put(weight, gradient.name());
            }
        }
        List<String> names = new ArrayList<>(outputs);
        names.addAll(gradientOf.values());
        this.wanted = List.copyOf(names);
    }

    /** The outputs' values and the weights' gradients, by name, for one batch in {@code placeholders}. */
    public OutAndGrad run(Map<String, INDArray> placeholders) {
        Map<String, INDArray> typed = typed(graph, placeholders);
        Map<String, INDArray> values;
        if (prepared != null && prepared.takes(typed)) {
            values = prepared.run(typed);
        } else {
            // Another batch shape (an epoch's last, smaller batch, and the next epoch's first): its
            // arrays come from those of the shape before, given back.
            PreparedOps before = prepared;
            prepared = null;   // should preparing fail, nothing may run on memory given back
            if (before != null) {
                before.release();
            }
            prepared = preparable ? PreparedOps.of(gradients, typed, wanted, PlainPooling.OPS, pool).orElse(null) : null;
            preparable = prepared != null;
            if (!preparable) {
                return graph.calculateGradientsAndOutputs(typed, outputs, weights);
            }
            values = prepared.results();
        }
        Map<String, INDArray> outputValues = new HashMap<>();
        outputs.forEach(name -> outputValues.put(name, values.get(name)));
        Map<String, INDArray> gradientValues = new HashMap<>();
        gradientOf.forEach((weight, gradient) -> gradientValues.put(weight, values.get(gradient)));
        return new OutAndGrad(outputValues, gradientValues);
    }

    /** Whether batches like {@code placeholders} run prepared now. */
    boolean preparedFor(Map<String, INDArray> placeholders) {
        return prepared != null && prepared.takes(typed(graph, placeholders));
    }

    /** The placeholders, each in its variable's type, as SameDiff's session casts them. */
    private static Map<String, INDArray> typed(SameDiff graph, Map<String, INDArray> placeholders) {
        Map<String, INDArray> typed = new HashMap<>(placeholders);
        typed.replaceAll((name, array) -> {
            DataType type = graph.getVariable(name).dataType();
            return array.dataType() == type ? array : array.castTo(type);
        });
        return typed;
    }
}
