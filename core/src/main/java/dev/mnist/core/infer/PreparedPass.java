package dev.mnist.core.infer;

import dev.mnist.core.nd4j.PreparedOps;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A graph's forward pass for one image of a fixed shape, set up once ({@link PreparedOps}): for a
 * single image SameDiff's {@code output} spent half of the pass working out again what to run.
 * Max pooling runs on ND4J's own kernel: a maximum is exact either way, and oneDNN's set-up per
 * call is longer than the whole pooling of one image. Not thread-safe: its arrays are reused.
 */
final class PreparedPass {
    static final Set<String> PLAIN_KERNEL_OPS = Set.of("maxpool2d");

    private final PreparedOps ops;
    private final String input;
    private final String output;

    private PreparedPass(PreparedOps ops, String input, String output) {
        this.ops = ops;
        this.input = input;
        this.output = output;
    }

    /** The pass from placeholder {@code input} (an array of {@code shape}) to {@code output}, or empty when the graph holds an op {@link PreparedOps} does not take. */
    static Optional<PreparedPass> of(SameDiff graph, String input, long[] shape, String output) {
        return PreparedOps.of(graph, Map.of(input, shape), List.of(output), PLAIN_KERNEL_OPS)
                .map(ops -> new PreparedPass(ops, input, output));
    }

    /** {@code output}'s values for {@code input}, which has the shape the pass was made for. */
    float[] run(INDArray input) {
        return ops.run(Map.of(this.input, input)).get(output).dup('c').data().asFloat();
    }
}
