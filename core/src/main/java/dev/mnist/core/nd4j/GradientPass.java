package dev.mnist.core.nd4j;

import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One training step's outputs and gradients, as SameDiff's {@code calculateGradientsAndOutputs}
 * gives them, to the last bit, at less cost:
 * <ul>
 * <li>Batches of the shape of the first run through {@link PreparedOps}: the gradient function's ops
 *   set up once, with output arrays of their own that each step writes again. SameDiff's session
 *   works out every op's arguments, output shapes and arrays on every step: about a third of a
 *   LeNet-5 step.</li>
 * <li>Other batches (an epoch's last, smaller one) through SameDiff's session, with its array
 *   cache left on. {@code calculateGradientsAndOutputs} turns it off for the gradient function, so
 *   that every op output of every step is a new, zero-filled allocation, held until the garbage
 *   collector finds it; with the cache on, an array whose last reader has run goes back to the
 *   session for the next op that needs one of its shape.</li>
 * </ul>
 * What a step returns is written over by a later step: read it, or copy it, first. The weights,
 * which steps change in place, are the graph's own arrays. Not thread-safe.
 */
public final class GradientPass {
    private static final String GRADIENT_FUNCTION = "grad";
    private static final Method BATCH_OUTPUT = batchOutputHelper();

    private final SameDiff graph;
    private final SameDiff gradients;
    private final List<String> outputs;
    /** Each weight's gradient variable, in the gradient function. */
    private final Map<String, String> gradientOf = new LinkedHashMap<>();
    private final List<String> wanted;
    private Optional<PreparedOps> prepared;

    /** The pass for {@code outputs} and the gradients of {@code weights}; builds the gradient function if the graph has none. */
    public GradientPass(SameDiff graph, Collection<String> outputs, Collection<String> weights) {
        if (graph.getFunction(GRADIENT_FUNCTION) == null) {
            TrainingState.createGradients(graph);
        }
        this.graph = graph;
        this.gradients = graph.getFunction(GRADIENT_FUNCTION);
        this.outputs = List.copyOf(outputs);
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
        if (prepared == null) {
            Map<String, long[]> shapes = new HashMap<>();
            typed.forEach((name, array) -> shapes.put(name, array.shape()));
            prepared = PreparedOps.of(gradients, shapes, wanted, PlainPooling.OPS);
        }
        Map<String, INDArray> values = prepared.isPresent() && prepared.get().takes(typed, gradients)
                ? prepared.get().run(typed)
                : values(execute(typed));
        Map<String, INDArray> outputValues = new HashMap<>();
        outputs.forEach(name -> outputValues.put(name, values.get(name)));
        Map<String, INDArray> gradientValues = new HashMap<>();
        gradientOf.forEach((weight, gradient) -> gradientValues.put(weight, values.get(gradient)));
        return new OutAndGrad(outputValues, gradientValues);
    }

    /** Whether batches of the first one's shape run prepared (the graph holds only ops {@link PreparedOps} takes). */
    boolean prepared() {
        return prepared != null && prepared.isPresent();
    }

    /**
     * The placeholders, each in its variable's type. The session casts one of another type itself,
     * and then frees the caller's array into its cache at the end of the pass, to be written over
     * as a later op's output.
     */
    private static Map<String, INDArray> typed(SameDiff graph, Map<String, INDArray> placeholders) {
        Map<String, INDArray> typed = new HashMap<>(placeholders);
        typed.replaceAll((name, array) -> {
            DataType type = graph.getVariable(name).dataType();
            return array.dataType() == type ? array : array.castTo(type);
        });
        return typed;
    }

    private ExecutionResult execute(Map<String, INDArray> placeholders) {
        gradients.setEnableCache(true);
        gradients.setListeners(graph.getListeners());
        try {
            return (ExecutionResult) BATCH_OUTPUT.invoke(gradients, placeholders, null, Operation.TRAINING, wanted.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, INDArray> values(ExecutionResult result) {
        if (!result.hasValues()) {
            return ExecutionResult.unpack(result.getOutputs());
        }
        Map<String, INDArray> values = new HashMap<>();
        for (Map.Entry<String, SDValue> value : result.getValueOutputs().entrySet()) {
            values.put(value.getKey(), value.getValue().getTensorValue());
        }
        return values;
    }

    /** What {@code calculateGradientsAndOutputs} calls, less its turning the cache off; protected in 1.0.0-M2.1. */
    private static Method batchOutputHelper() {
        try {
            Method method = SameDiff.class.getDeclaredMethod("batchOutputHelper", Map.class, List.class, Operation.class, String[].class);
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("this ND4J has no SameDiff.batchOutputHelper: it cannot train", e);
        }
    }
}
