package dev.mnist.core.infer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.autodiff.functions.DifferentialFunction;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A graph's forward pass for one fixed input shape, set up once: each op's context with its
 * arguments, weights and output arrays, run in order on every call. SameDiff's {@code output}
 * works out the order, the arguments and the output shapes again on each call, which for a
 * single image took half of the pass. The ops run are SameDiff's own with the same arguments, so
 * the values are the same to the last bit; only {@link #PLAIN_KERNEL_OPS} run on ND4J's own
 * kernel instead of oneDNN's (a maximum is exact either way, and oneDNN's set-up per call is
 * longer than the whole pooling of one image).
 * <p>
 * Not thread-safe: the output arrays are reused. Graphs of custom ops, identities and one-input legacy ops
 * (a mean, a scalar add) are taken; any other op leaves the graph to SameDiff.
 */
final class PreparedPass {
    static final Set<String> PLAIN_KERNEL_OPS = Set.of("maxpool2d");

    private record Step(DifferentialFunction op, OpContext context, int[] inputSlots) {
        void run() {
            if (op instanceof CustomOp custom) {
                Nd4j.exec(custom, context);
            } else {
                Nd4j.exec((Op) op, context);
            }
        }
    }

    private final List<Step> steps;
    private final INDArray result;

    private PreparedPass(List<Step> steps, INDArray result) {
        this.steps = steps;
        this.result = result;
    }

    /**
     * The pass from placeholder {@code input} (an array of {@code shape}) to {@code output}, or empty
     * when the graph holds an op this class does not set up (control flow, legacy ops).
     */
    static Optional<PreparedPass> of(SameDiff graph, String input, long[] shape, String output) {
        List<SameDiffOp> order = new ArrayList<>();
        if (!order(graph, output, input, order, new HashSet<>())) {
            return Optional.empty();
        }
        INDArray example = Nd4j.zeros(graph.getVariable(input).dataType(), shape);
        Map<String, INDArray> values = new HashMap<>();
        values.put(input, example);
        Set<String> inputNames = new HashSet<>(Set.of(input));
        List<Step> steps = new ArrayList<>();
        for (SameDiffOp sdo : order) {
            List<String> names = sdo.getInputsToOp() == null ? List.of() : sdo.getInputsToOp();
            if (sdo.getOp() instanceof Identity) {
                // What SameDiff does too: the output is the input array itself (dropout at inference).
                String out = sdo.getOutputsOfOp().get(0);
                values.put(out, values.get(names.get(0)));
                if (inputNames.contains(names.get(0))) {
                    inputNames.add(out);
                }
                continue;
            }
            DifferentialFunction op = sdo.getOp();
            INDArray[] args = new INDArray[names.size()];
            List<Integer> slots = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                INDArray value = values.get(names.get(i));
                args[i] = value != null ? value : graph.getVariable(names.get(i)).getArr();
                if (inputNames.contains(names.get(i))) {
                    slots.add(i);
                }
            }
            OpContext context = Nd4j.getExecutioner().buildContext();
            if (op instanceof DynamicCustomOp custom) {
                context.setArgs(args, custom.iArgs(), custom.dArgs(), custom.tArgs(), custom.bArgs());
            } else {
                context.setInputArray(0, args[0]); // a legacy op's other arguments are its own fields
            }
            context.allowHelpers(!PLAIN_KERNEL_OPS.contains(op.opName()));
            List<LongShapeDescriptor> shapes = op.calculateOutputShape(context);
            List<String> outputs = sdo.getOutputsOfOp();
            if (shapes == null || shapes.size() != outputs.size()) {
                return Optional.empty();
            }
            for (int i = 0; i < shapes.size(); i++) {
                INDArray out = Nd4j.create(shapes.get(i).asDataType(graph.getVariable(outputs.get(i)).dataType()));
                context.setOutputArray(i, out);
                values.put(outputs.get(i), out);
            }
            Step step = new Step(op, context, slots.stream().mapToInt(Integer::intValue).toArray());
            step.run();
            steps.add(step);
        }
        return Optional.of(new PreparedPass(steps, values.get(output)));
    }

    /** {@code output}'s values for {@code input}, which has the shape the pass was made for. */
    float[] run(INDArray input) {
        for (Step step : steps) {
            for (int slot : step.inputSlots()) {
                step.context().setInputArray(slot, input);
            }
            step.run();
        }
        return result.dup('c').data().asFloat();
    }

    /**
     * The ops {@code variable} needs, inputs before the ops that use them; false when one of them
     * is not a plain custom op, or the graph needs another placeholder than {@code input}.
     */
    private static boolean order(SameDiff graph, String variable, String input, List<SameDiffOp> order, Set<String> done) {
        if (!done.add(variable)) {
            return true;
        }
        SDVariable v = graph.getVariable(variable);
        if (v.getVariableType() == VariableType.CONSTANT || v.getVariableType() == VariableType.VARIABLE) {
            return v.getArr() != null;
        }
        if (v.getVariableType() == VariableType.PLACEHOLDER) {
            return variable.equals(input);
        }
        Variable meta = graph.getVariables().get(variable);
        SameDiffOp sdo = meta == null || meta.getOutputOfOp() == null ? null : graph.getOps().get(meta.getOutputOfOp());
        if (sdo == null || !plain(sdo)) {
            return false;
        }
        if (order.contains(sdo)) {
            return true;
        }
        for (String in : sdo.getInputsToOp() == null ? List.<String>of() : sdo.getInputsToOp()) {
            if (!order(graph, in, input, order, done)) {
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
