import dev.mnist.core.nd4j.PreparedOps;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether prepared ops hold the arrays they are given: an op context given a new array keeps a
 * native reference to each array it had before until it is closed, so ops that set each call's
 * batch into their contexts keep every batch. Runs CALLS calls (default 100) with a new 14 MB batch
 * each (32 colour images of 192x192) and prints resident memory every 20, after collections; then
 * the same allocations with no call, for the allocator's own share. Flat and equal: nothing held.
 *
 *   java -cp cli/target/mnist.jar bench/PreparedOpsMemory.java [CALLS]
 */
public class PreparedOpsMemory {
    public static void main(String[] args) throws InterruptedException {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        long[] batch = {32, 3, 192, 192};
        SameDiff graph = SameDiff.create();
        graph.placeHolder("x", DataType.FLOAT, batch).mul("twice", 2.0);
        PreparedOps ops = PreparedOps.of(graph, Map.of("x", batch), List.of("twice"), Set.of()).orElseThrow();
        for (boolean run : new boolean[]{true, false}) {
            StringBuilder line = new StringBuilder(run ? "calls:       " : "no calls:    ");
            for (int i = 1; i <= calls; i++) {
                INDArray x = Nd4j.rand(DataType.FLOAT, batch);
                if (run) {
                    ops.run(Map.of("x", x));
                }
                if (i % 20 == 0) {
                    for (int k = 0; k < 3; k++) {
                        System.gc();
                        Thread.sleep(200);
                    }
                    line.append(String.format("%4d MB after %d  ", Pointer.physicalBytes() >> 20, i));
                }
            }
            System.out.println(line);
        }
    }
}
