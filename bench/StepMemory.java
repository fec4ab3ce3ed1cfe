import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import org.bytedeco.javacpp.Pointer;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one training step's arrays weigh: a network's training graph computes its gradients for one
 * batch of random images, printing every op output of 20 MB or more as it is made, the step's total,
 * and the process's resident memory before and after it. Adam's two moments (twice the weights)
 * come on top in training.
 *
 *   java -cp cli/target/mnist.jar bench/StepMemory.java [MODEL] [SIDE] [CHANNELS] [BATCH]   (lenet 192 3 32)
 */
public class StepMemory {
    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "lenet";
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 192;
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        SameDiff graph = Architectures.byName(model).trainingGraph(new InputShape(channels, side, side), 10, 42);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        Map<String, INDArray> inputs = Map.of(GraphNames.INPUT, Nd4j.rand(DataType.FLOAT, batch, channels, side, side), GraphNames.LABEL, labels);
        List<String> weights = new ArrayList<>();
        long parameters = 0;
        for (SDVariable v : graph.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                weights.add(v.name());
                parameters += v.getArr().length();
            }
        }
        long[] made = {0};
        graph.setListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
                for (INDArray output : outputs) {
                    if (output != null) {
                        long bytes = output.length() * output.dataType().width();
                        made[0] += bytes;
                        if (bytes >= 20L << 20) {
                            System.out.printf(Locale.ROOT, "%-28s %-16s %-22s %5d MB%n", op.getName(), op.getOp().opName(),
                                    Arrays.toString(output.shape()), bytes >> 20);
                        }
                    }
                }
            }
        });
        System.out.printf(Locale.ROOT, "%s at %dx%dx%d, batch %d: %,d weights (%d MB; Adam's moments %d MB more)%n", model, channels, side, side,
                batch, parameters, parameters * 4 >> 20, parameters * 8 >> 20);
        long before = Pointer.physicalBytes();
        graph.calculateGradients(inputs, weights);
        System.out.printf(Locale.ROOT, "the step made %d MB of arrays; resident %d MB before it, %d MB after%n",
                made[0] >> 20, before >> 20, Pointer.physicalBytes() >> 20);
    }
}
