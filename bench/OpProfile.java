import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.nd4j.PlainPooling;
import dev.mnist.core.nd4j.PreparedOps;
import dev.mnist.core.nd4j.TrainingState;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a training step's time goes, op by op: a network's gradients (forward and backward, no
 * update) for random 1x28x28 images (so not alexnet, whose smallest input is 67), run as training
 * runs them (the gradient function's ops prepared once, pooling on ND4J's kernels), for a few
 * warm-up steps, then STEPS timed ones. Prints the step's wall time, the part spent inside ops,
 * and each kind of op with its input shapes (BY=name: each op on its own), per step.
 *
 *   java -cp cli/target/mnist.jar bench/OpProfile.java [MODEL] [BATCH] [STEPS]   (resnet 64 20)
 */
public class OpProfile {
    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "resnet";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        boolean byName = "name".equals(System.getenv("BY"));

        SameDiff graph = Architectures.byName(model).trainingGraph(InputShape.MNIST, 10, 42);
        TrainingState.createGradients(graph);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        Map<String, INDArray> inputs = Map.of(GraphNames.INPUT, Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28), GraphNames.LABEL, labels);
        List<String> wanted = new ArrayList<>(List.of(GraphNames.LOSS));
        for (SDVariable v : graph.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && v.getGradient() != null) {
                wanted.add(v.getGradient().name());
            }
        }
        Map<String, long[]> shapes = new HashMap<>();
        inputs.forEach((name, array) -> shapes.put(name, array.shape()));
        PreparedOps pass = PreparedOps.of(graph.getFunction("grad"), shapes, wanted, plainOps())
                .orElseThrow(() -> new IllegalStateException(model + ": its gradient function does not prepare"));
        for (int i = 0; i < 5; i++) {
            pass.run(inputs);
        }

        Map<String, long[]> nanosAndCalls = new HashMap<>();
        PreparedOps.OpTimes times = (op, context, nanos) -> {
            String key = byName ? op.getOwnName() : op.opName() + inputShapes(context);
            long[] entry = nanosAndCalls.computeIfAbsent(key, k -> new long[2]);
            entry[0] += nanos;
            entry[1]++;
        };
        long begin = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            pass.run(inputs, times);
        }
        double wallMs = (System.nanoTime() - begin) / 1e6 / steps;
        double opsMs = nanosAndCalls.values().stream().mapToLong(e -> e[0]).sum() / 1e6 / steps;
        System.out.printf(Locale.ROOT, "%s, batch %d: %.2f ms a step, %.2f ms of it in ops (%d steps)%n", model, batch, wallMs, opsMs, steps);
        nanosAndCalls.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(20)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %6.2f ms %3d calls  %s%n",
                        e.getValue()[0] / 1e6 / steps, e.getValue()[1] / steps, e.getKey()));
    }

    /** The ops training runs on ND4J's own kernels, and those named in PLAIN (comma-separated; -NAME: on oneDNN), to try others. */
    private static Set<String> plainOps() {
        Set<String> plain = new HashSet<>(PlainPooling.OPS);
        String more = System.getenv("PLAIN");
        if (more != null && !more.isBlank()) {
            for (String op : more.split(",")) {
                if (op.startsWith("-")) {
                    plain.remove(op.substring(1));
                } else {
                    plain.add(op);
                }
            }
        }
        return plain;
    }

    private static String inputShapes(OpContext context) {
        StringBuilder shapes = new StringBuilder();
        for (int i = 0; i < context.numInputArguments(); i++) {
            shapes.append(' ').append(Arrays.toString(context.getInputArray(i).shape()));
        }
        return shapes.toString();
    }
}
