import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.nd4j.PlainPooling;
import dev.mnist.core.nd4j.PreparedOps;
import dev.mnist.core.nd4j.SingleThreadArrays;
import dev.mnist.core.nd4j.TrainingState;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one training step's arrays weigh, as training runs it (the gradient function's ops prepared,
 * `nd4j.PreparedOps`): resident memory with the graph built, after preparing (every op output's
 * array, shared where their lives allow), and each op that takes 20 MB or more beyond that while it
 * runs (oneDNN's copies of its arrays in a blocked layout, im2col), from the kernel's peak, reset
 * before each op (/proc/self/clear_refs). Adam's two moments (twice the weights) come on top in
 * training. Run it with small glibc thresholds, or freed memory stays resident and hides the peaks:
 *
 *   MALLOC_MMAP_THRESHOLD_=4194304 MALLOC_TRIM_THRESHOLD_=16777216 \
 *     java -cp cli/target/mnist.jar bench/StepMemory.java [MODEL] [SIDE] [CHANNELS] [BATCH]   (lenet 192 3 32)
 */
public class StepMemory {
    public static void main(String[] args) throws IOException {
        String model = args.length > 0 ? args[0] : "lenet";
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 192;
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        SameDiff graph = Architectures.byName(model).trainingGraph(new InputShape(channels, side, side), 10, 42);
        SingleThreadArrays.use(graph);   // as training holds its graph's arrays
        TrainingState.createGradients(graph);
        System.gc();   // what building the gradient function leaves, as training collects it
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        Map<String, INDArray> inputs = Map.of(GraphNames.INPUT, Nd4j.rand(DataType.FLOAT, batch, channels, side, side), GraphNames.LABEL, labels);
        List<String> wanted = new ArrayList<>(List.of(GraphNames.LOSS));
        long parameters = 0;
        for (SDVariable v : graph.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE && v.getGradient() != null) {
                wanted.add(v.getGradient().name());
                parameters += v.getArr().length();
            }
        }
        Map<String, long[]> shapes = new HashMap<>();
        inputs.forEach((name, array) -> shapes.put(name, array.shape()));
        long built = residentMb();
        PreparedOps pass = PreparedOps.of(graph.getFunction("grad"), shapes, wanted, PlainPooling.OPS).orElseThrow();
        System.out.printf(Locale.ROOT, "%s at %dx%dx%d, batch %d: %,d weights (%d MB; Adam's moments %d MB more)%n", model, channels, side, side,
                batch, parameters, parameters * 4 >> 20, parameters * 8 >> 20);
        System.out.printf(Locale.ROOT, "resident: %d MB with the graph built, %d MB prepared%n", built, residentMb());
        pass.run(inputs);
        long[] before = {residentMb()};
        resetPeak();
        pass.run(inputs, (op, context, nanos) -> {
            long peak = kb("VmHWM") >> 10;
            if (peak - before[0] >= 20) {
                StringBuilder in = new StringBuilder();
                for (int i = 0; i < context.numInputArguments(); i++) {
                    in.append(' ').append(Arrays.toString(context.getInputArray(i).shape()));
                }
                System.out.printf(Locale.ROOT, "  %-16s +%4d MB while it ran %s%n", op.opName(), peak - before[0], in);
            }
            before[0] = residentMb();
            resetPeak();
        });
        System.out.printf(Locale.ROOT, "resident after a step: %d MB%n", residentMb());
    }

    private static long residentMb() {
        return kb("VmRSS") >> 10;
    }

    private static long kb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no " + field + " in /proc/self/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resets the kernel's peak resident memory (VmHWM) to the present. */
    private static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
