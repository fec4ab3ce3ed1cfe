package dev.mnist.core.nd4j;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs a training graph's pooling ops on ND4J's own kernels instead of oneDNN's, on CPUs where
 * oneDNN has no fast pooling for what ND4J hands it: plain NCHW arrays. Without AVX-512, oneDNN 2.x
 * pools those with its reference implementation ({@code simple_nchw}), and its max pooling's
 * gradient runs the forward pass a second time to find the maxima: in a step of LeNet at batch 64
 * on an AVX2 machine, 20 of 52 ms in oneDNN (its verbose log); ND4J's kernels take about a third of
 * that. With AVX-512 (avx512f, bw, vl and dq: oneDNN's {@code avx512_core}) it pools plain arrays
 * with a JIT kernel, and LeNet trains 3-6 % faster with it than with ND4J's (LeNet-5 the same), so
 * the ops stay there. The
 * maxima and where the gradient goes are the same; average pooling's sums may differ in a float's
 * last bit, so runs on the two kinds of CPU differ there. The graph's listener, it sees each op's
 * context before the op runs.
 */
public final class PlainPooling extends BaseListener {
    static final Set<String> POOLING = Set.of("maxpool2d", "maxpool2d_bp", "avgpool2d", "avgpool2d_bp");
    private static final List<String> AVX512_CORE = List.of("avx512f", "avx512bw", "avx512vl", "avx512dq");
    /** The pooling ops training runs on ND4J's kernels on this CPU. */
    public static final Set<String> OPS = oneDnnPoolsPlainArraysFast(Path.of("/proc/cpuinfo")) ? Set.of() : POOLING;

    private final Set<String> ops;

    /** The ops of {@link #OPS}. */
    public PlainPooling() {
        this(OPS);
    }

    PlainPooling(Set<String> ops) {
        this.ops = ops;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
        if (context != null && ops.contains(op.getOp().opName())) {
            context.allowHelpers(false);
        }
    }

    /** Whether the CPU described in {@code cpuinfo} (Linux's) has oneDNN's {@code avx512_core}; false where it cannot be read. */
    static boolean oneDnnPoolsPlainArraysFast(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("flags")).findFirst()
                    .map(line -> List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")).containsAll(AVX512_CORE))
                    .orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
