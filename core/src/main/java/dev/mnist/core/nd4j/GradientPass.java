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
import java.util.List;
import java.util.Map;

/**
 * SameDiff's {@code calculateGradientsAndOutputs}, with its session's array cache left on. In
 * 1.0.0-M2.1 that method turns the cache off for the gradient function, so the session frees none
 * of a step's arrays: every op output of every step is a new, zero-filled allocation, held until
 * the garbage collector finds it. With the cache on, an array whose last reader has run goes back
 * to the session and is handed to the next op that needs one of its shape, in this step or the next.
 * The arrays handed back are the same ones SameDiff's method returns: the outputs asked for and the
 * gradients are not freed by the session (they are the pass's results), nor are the weights or the
 * placeholders given.
 */
public final class GradientPass {
    private static final String GRADIENT_FUNCTION = "grad";
    private static final Method BATCH_OUTPUT = batchOutputHelper();

    private GradientPass() {
    }

    /** The values of {@code outputs} and the gradients of {@code weights}, by name, for one batch in {@code placeholders}. */
    public static OutAndGrad run(SameDiff graph, Map<String, INDArray> placeholders, Collection<String> outputs, Collection<String> weights) {
        if (graph.getFunction(GRADIENT_FUNCTION) == null) {
            TrainingState.createGradients(graph);
        }
        SameDiff gradients = graph.getFunction(GRADIENT_FUNCTION);
        gradients.setEnableCache(true);
        gradients.setListeners(graph.getListeners());
        List<String> wanted = new ArrayList<>(outputs);
        Map<String, String> gradientOf = new HashMap<>();
        for (String weight : weights) {
            SDVariable gradient = graph.getVariable(weight).getGradient();
            if (gradient != null) {
                wanted.add(gradient.name());
                gradientOf.put(weight, gradient.name());
            }
        }
        Map<String, INDArray> values = values(execute(gradients, typed(graph, placeholders), wanted));
        Map<String, INDArray> outputValues = new HashMap<>();
        outputs.forEach(name -> outputValues.put(name, values.get(name)));
        Map<String, INDArray> gradientValues = new HashMap<>();
        gradientOf.forEach((weight, gradient) -> gradientValues.put(weight, values.get(gradient)));
        return new OutAndGrad(outputValues, gradientValues);
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

    private static ExecutionResult execute(SameDiff gradients, Map<String, INDArray> placeholders, List<String> wanted) {
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
