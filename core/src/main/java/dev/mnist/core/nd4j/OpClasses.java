package dev.mnist.core.nd4j;

import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * The classes ND4J makes for the custom ops our graphs use in place of its own: {@link TrainableBatchNorm},
 * {@link DeclarableTanh}, {@link DeclarableRelu} and {@link InputConv2D}. SameDiff makes an op's class from its name's hash wherever it reads a
 * saved graph or clones one (it clones each op before differentiating it), so that table must name
 * these classes before any graph that uses them is built, cloned or loaded.
 */
final class OpClasses {
    private OpClasses() {
    }

    /** Once a process, through {@link Nd4jWorkarounds#install}. */
    static void install() {
        register(new TrainableBatchNorm());
        register(new DeclarableTanh());
        register(new DeclarableRelu());
        register(new InputConv2D());
    }

    private static void register(DynamicCustomOp op) {
        long hash = op.opHash();
        DifferentialFunctionClassHolder holder = DifferentialFunctionClassHolder.getInstance();
        try {
            Field field = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClass");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<Long, Class<?>> classes = (Map<Long, Class<?>>) field.get(holder);
            classes.put(hash, op.getClass());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this ND4J keeps its op classes elsewhere: " + op.opName() + " cannot train", e);
        }
        if (holder.customOpClassForHashAndName(hash, op.opName()) != op.getClass()) {
            throw new IllegalStateException("this ND4J looks " + op.opName() + "'s class up elsewhere: it cannot train");
        }
    }
}
