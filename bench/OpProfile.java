import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes, op by op: a network's training graph computes its gradients
 * for random 1x28x28 images (so not alexnet, whose smallest input is 67) (forward and backward, no update) for a few warm-up steps, then for
 * STEPS timed ones. Prints the step's wall time, the part spent inside ops, and each kind of op's
 * share (BY=name: each op on its own).
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
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        Map<String, INDArray> inputs = Map.of(GraphNames.INPUT, Nd4j.rand(DataType.FLOAT, batch, 1, 28, 28), GraphNames.LABEL, labels);
        List<String> weights = new ArrayList<>();
        for (SDVariable v : graph.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                weights.add(v.name());
            }
        }
        for (int i = 0; i < 5; i++) {
            graph.calculateGradients(inputs, weights);
        }

        Map<String, long[]> nanosAndCalls = new HashMap<>();
        graph.setListeners(new BaseListener() {
            private long start;

            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
                start = System.nanoTime();
            }

            @Override
            public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
                long[] entry = nanosAndCalls.computeIfAbsent(byName ? op.getName() : op.getOp().opName(), k -> new long[2]);
                entry[0] += System.nanoTime() - start;
                entry[1]++;
            }
        });
        long begin = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            graph.calculateGradients(inputs, weights);
        }
        double wallMs = (System.nanoTime() - begin) / 1e6 / steps;
        double opsMs = nanosAndCalls.values().stream().mapToLong(e -> e[0]).sum() / 1e6 / steps;
        System.out.printf(Locale.ROOT, "%s, batch %d: %.1f ms a step, %.1f ms of it in ops (%d steps)%n", model, batch, wallMs, opsMs, steps);
        nanosAndCalls.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(20)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-32s %7.1f ms %4d calls%n", e.getKey(),
                        e.getValue()[0] / 1e6 / steps, e.getValue()[1] / steps));
    }
}
