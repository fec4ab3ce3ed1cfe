package dev.mnist.core.nd4j;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.shape.CreateView;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ops from a graph's placeholders, of fixed shapes, to some of its variables, set up once: each
 * op's context with its arguments, weights and output arrays, run in order on every call. SameDiff's
 * session works out the order, the arguments, the output shapes and the arrays again for every op
 * of every pass, which took half of a single image's pass and about a third of a LeNet-5 training
 * step. The ops run are SameDiff's own with the same arguments, so the values are the same to the
 * last bit; only the ops named as plain run on ND4J's own kernels instead of oneDNN's.
 * <p>
 * The weights are the graph's arrays themselves, so a step that changes them in place is seen by
 * the next call. The outputs are this object's arrays, written again by the next call. Not
 * thread-safe. Graphs of custom ops, identities and one-input legacy ops (a mean, a sum) are taken;
 * any other op leaves the graph to SameDiff.
 */
public final class PreparedOps {
    private record Step(DifferentialFunction op, OpContext context, Optional<BatchSlicedConvGradient> inSlices) {
        void run() {
            if (inSlices.isPresent()) {
                inSlices.get().run();
            } else if (op instanceof CustomOp custom) {
                Nd4j.exec(custom, context);
            } else {
                Nd4j.exec((Op) op, context);
            }
        }
    }

    private final List<Step> steps;
    /** The placeholders' arrays the ops read, by name: each call copies its placeholders into them. */
    private final Map<String, INDArray> inputs;
    private final Map<String, INDArray> results;
    private final ArrayPool pool;
    /** Every array taken from the pool, to give back when released. */
    private final List<INDArray> taken;

    private PreparedOps(List<Step> steps, Map<String, INDArray> inputs, Map<String, INDArray> results, ArrayPool pool, List<INDArray> taken) {
        this.steps = steps;
        this.inputs = inputs;
        this.results = results;
        this.pool = pool;
        this.taken = taken;
    }

    /**
     * The ops from placeholders of {@code shapes} to {@code outputs}, run once on zeros to set them
     * up, with arrays of their own; empty when the graph holds an op this class does not set up
     * (control flow, legacy ops of several inputs), or an output needs another placeholder or is no op's.
     */
    public static Optional<PreparedOps> of(SameDiff graph, Map<String, long[]> shapes, Collection<String> outputs, Set<String> plainOps) {
        Map<String, INDArray> zeros = new HashMap<>();
        shapes.forEach((name, shape) -> zeros.put(name, Nd4j.zeros(graph.getVariable(name).dataType(), shape)));
        return of(graph, zeros, outputs, plainOps, new ArrayPool());
    }

    /**
     * The ops from {@code placeholders} (each of its variable's type) to {@code outputs}, set up by
     * running them once on these: {@link #results} are theirs. The arrays come from {@code pool},
     * given back by {@link #release}. Empty as {@link #of(SameDiff, Map, Collection, Set)} is.
     */
    static Optional<PreparedOps> of(SameDiff graph, Map<String, INDArray> placeholders, Collection<String> outputs, Set<String> plainOps,
                                    ArrayPool pool) {
        List<SameDiffOp> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (String output : outputs) {
            if (!order(graph, output, placeholders.keySet(), order, done) || opOf(graph, output) == null) {
                return Optional.empty();
            }
        }
        List<INDArray> taken = new ArrayList<>();
        Map<String, INDArray> inputs = new HashMap<>();
        placeholders.forEach((name, given) -> {
            INDArray ours = pool.take(LongShapeDescriptor.fromShape(given.shape(), given.dataType()));
            taken.add(ours.assign(given));
            inputs.put(name, ours);
        });
        Map<String, INDArray> values = new HashMap<>(inputs);
        ArrayLives lives = new ArrayLives(order, outputs);
        List<Step> steps = new ArrayList<>();
        for (int index = 0; index < order.size(); index++) {
            SameDiffOp sdo = order.get(index);
            List<String> names = sdo.getInputsToOp() == null ? List.of() : sdo.getInputsToOp();
            if (sdo.getOp() instanceof Identity) {
                // What SameDiff does too: the output is the input array itself.
                values.put(sdo.getOutputsOfOp().get(0), values.get(names.get(0)));
                continue;
            }
            DifferentialFunction op = sdo.getOp();
            INDArray[] args = new INDArray[names.size()];
            for (int i = 0; i < args.length; i++) {
                INDArray value = values.get(names.get(i));
                args[i] = value != null ? value : graph.getVariable(names.get(i)).getArr();
            }
            OpContext context = Nd4j.getExecutioner().buildContext();
            if (op instanceof DynamicCustomOp custom) {
                context.setArgs(args, custom.iArgs(), custom.dArgs(), custom.tArgs(), custom.bArgs());
            } else {
                context.setInputArray(0, args[0]); // a legacy op's other arguments are its own fields
            }
            boolean helpers = !plainOps.contains(op.opName());
            context.allowHelpers(helpers);
            List<LongShapeDescriptor> outShapes = op.calculateOutputShape(context);
            List<String> outs = sdo.getOutputsOfOp();
            if (outShapes == null || outShapes.size() != outs.size()) {
                return Optional.empty();
            }
            for (int i = 0; i < outShapes.size(); i++) {
                INDArray out = pool.take(outShapes.get(i).asDataType(graph.getVariable(outs.get(i)).dataType()));
                taken.add(out);
                context.setOutputArray(i, out);
                values.put(outs.get(i), out);
            }
            Step step = new Step(op, context, op instanceof DynamicCustomOp custom
                    ? BatchSlicedConvGradient.of(custom, context, helpers) : Optional.empty());
            step.run();
            steps.add(step);
            // Only now, so that no op is given one of its own inputs as an output.
            for (String finished : lives.endingAt(index)) {
                pool.giveBack(values.get(finished));
            }
        }
        Map<String, INDArray> results = new LinkedHashMap<>();
        outputs.forEach(output -> results.put(output, values.get(output)));
        return Optional.of(new PreparedOps(steps, inputs, results, pool, taken));
    }

    /**
     * The outputs' values of the last run, or of the placeholders prepared with: this object's arrays,
     * which may lie in longer memory than their own length ({@link ArrayPool}): read them by index, or copy them.
     */
    Map<String, INDArray> results() {
        return results;
    }

    /** Gives every array back to the pool, for ops prepared after: this object and its results must not be used again. */
    void release() {
        taken.forEach(pool::giveBack);
        taken.clear();
        steps.clear();
        inputs.clear();
        results.clear();
    }

    /** Whether {@code placeholders} are the ones this was made for, each of its shape and type. */
    public boolean takes(Map<String, INDArray> placeholders) {
        if (!placeholders.keySet().equals(inputs.keySet())) {
            return false;
        }
        for (Map.Entry<String, INDArray> given : placeholders.entrySet()) {
            INDArray ours = inputs.get(given.getKey());
            if (!Arrays.equals(given.getValue().shape(), ours.shape()) || given.getValue().dataType() != ours.dataType()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The outputs' values for {@code placeholders} (see {@link #takes}): this object's arrays, until the
     * next call. The placeholders are copied into arrays of this object's: an op context given a new
     * array keeps a native reference to each one it was given before (and their memory) until the
     * context is closed, which SameDiff's session avoids by clearing its contexts after every op.
     */
    public Map<String, INDArray> run(Map<String, INDArray> placeholders) {
        return run(placeholders, null);
    }

    /** What {@link #run(Map, OpTimes)} tells of each op it runs (bench/OpProfile.java). */
    public interface OpTimes {
        void ran(DifferentialFunction op, OpContext context, long nanos);
    }

    /** {@link #run(Map)}, timing each op for {@code times} (null: not timed). */
    public Map<String, INDArray> run(Map<String, INDArray> placeholders, OpTimes times) {
        placeholders.forEach((name, array) -> inputs.get(name).assign(array));
        for (Step step : steps) {
            long start = times == null ? 0 : System.nanoTime();
            step.run();
            if (times != null) {
                times.ran(step.op(), step.context(), System.nanoTime() - start);
            }
        }
        return results;
    }

    private static SameDiffOp opOf(SameDiff graph, String variable) {
        Variable meta = graph.getVariables().get(variable);
        return meta == null || meta.getOutputOfOp() == null ? null : graph.getOps().get(meta.getOutputOfOp());
    }

    /**
     * The ops {@code variable} needs, inputs before the ops that use them; false when one of them
     * is not a plain custom op, or the graph needs a placeholder not in {@code placeholders}.
     */
    private static boolean order(SameDiff graph, String variable, Set<String> placeholders, List<SameDiffOp> order, Set<String> done) {
        if (!done.add(variable)) {
            return true;
        }
        SDVariable v = graph.getVariable(variable);
        if (v.getVariableType() == VariableType.CONSTANT || v.getVariableType() == VariableType.VARIABLE) {
            return v.getArr() != null;
        }
        if (v.getVariableType() == VariableType.PLACEHOLDER) {
            return placeholders.contains(variable);
        }
        SameDiffOp sdo = opOf(graph, variable);
        if (sdo == null || !plain(sdo)) {
            return false;
        }
        if (order.contains(sdo)) {
            return true;
        }
        for (String in : sdo.getInputsToOp() == null ? List.<String>of() : sdo.getInputsToOp()) {
            if (!order(graph, in, placeholders, order, done)) {
                return false;
            }
        }
        order.add(sdo);
        return true;
    }

    private static boolean plain(SameDiffOp sdo) {
        DifferentialFunction op = sdo.getOp();
        if (op instanceof Identity) {
            return sdo.getInputsToOp() != null && sdo.getInputsToOp().size() == 1;
        }
        boolean legacyOfOneInput = op instanceof Op && !(op instanceof CustomOp)
                && sdo.getInputsToOp() != null && sdo.getInputsToOp().size() == 1;
        return (legacyOfOneInput || op instanceof DynamicCustomOp && !(op instanceof Assign || op instanceof CreateView))
                && (sdo.getControlDeps() == null || sdo.getControlDeps().isEmpty())
                && (sdo.getVarControlDeps() == null || sdo.getVarControlDeps().isEmpty());
    }
}
