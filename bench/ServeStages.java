import dev.mnist.core.data.convert.GrayPngEncoder;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.image.PreparedImage;
import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.nd4j.ComputeThreads;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where one image's answer goes, stage by stage, on one thread: the work `mnist serve` and `mnist
 * classify FILE` do for a single image, timed apart (median and p99 of ROUNDS after a warm-up).
 *
 *   [SAMEDIFF=0] java -cp cli/target/mnist.jar bench/ServeStages.java MODEL IMAGE [ROUNDS]
 *
 * decode: the file's bytes to a BufferedImage; prepare: the model's preparation (digit: crop,
 * scale, centre); tensor: the prepared bytes to the input array; pass: `Predictor.probabilities`
 * as serve and classify call it (the tensor, then the prepared pass on the calling thread);
 * samediff: the same pass through SameDiff's `output`, for comparison (not in the total; SAMEDIFF=0
 * leaves it out, for SameDiff's own allocations push the weights and the image out of the caches
 * between the other stages); reply:
 * the JSON answer with the picture of the input. total = decode + prepare + pass + reply.
 */
public class ServeStages {
    public static void main(String[] args) throws Exception {
        Path modelPath = Path.of(args[0]);
        byte[] file = Files.readAllBytes(Path.of(args[1]));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        Predictor predictor = Predictor.load(modelPath);
        ModelFile.Loaded loaded = ModelFile.loadForInference(predictor.file());
        SameDiff graph = loaded.graph();
        ImagePreparation preparation = ImagePreparation.of(predictor.metadata().input());
        InputTensor tensor = new InputTensor(predictor.metadata().input());
        GrayPngEncoder png = new GrayPngEncoder();
        ComputeThreads.setForCurrentThread(1);
        boolean compare = !"0".equals(System.getenv("SAMEDIFF"));

        Map<String, long[]> times = new LinkedHashMap<>();
        for (String stage : new String[]{"decode", "prepare", "tensor", "samediff", "pass", "reply", "total"}) {
            times.put(stage, new long[rounds]);
        }
        int warmUp = Math.max(200, rounds / 5);
        for (int r = -warmUp; r < rounds; r++) {
            long t0 = System.nanoTime();
            BufferedImage image = ImageFiles.decode(file, "body");
            long t1 = System.nanoTime();
            PreparedImage prepared = preparation.prepare(image);
            long t2 = System.nanoTime();
            INDArray input = tensor.of(prepared.pixels(), 1);
            long t3 = System.nanoTime();
            float[] p = compare ? graph.output(Map.of(GraphNames.INPUT, input), GraphNames.PROBABILITIES)
                    .get(GraphNames.PROBABILITIES).dup('c').data().asFloat() : null;
            long t4 = System.nanoTime();
            float[] q = predictor.probabilities(prepared.pixels(), 1);
            long t5 = System.nanoTime();
            byte[] picture = png.encode(prepared.pixels(), 0, 28, 28, false);
            Map<String, Object> answer = Map.of("status", "ok", "top", predictor.top(q, 0, 3),
                    "input", "data:image/png;base64," + Base64.getEncoder().encodeToString(picture));
            byte[] reply = Json.MAPPER.writeValueAsBytes(answer);
            long t6 = System.nanoTime();
            if (compare && !Arrays.equals(p, q) || reply.length == 0) {
                throw new IllegalStateException("the two passes disagree");
            }
            if (r >= 0) {
                long[] at = {t0, t1, t2, t3, t4, t5, t6};
                int s = 0;
                for (long[] stage : times.values()) {
                    stage[r] = s < 6 ? at[s + 1] - at[s] : (t2 - t0) + (t6 - t4);
                    s++;
                }
            }
        }
        predictor.close();
        System.out.printf(Locale.ROOT, "%s, %d bytes, %d rounds, one thread%n",
                args[1], file.length, rounds);
        System.out.printf(Locale.ROOT, "%-10s %9s %9s%n", "stage", "p50 ms", "p99 ms");
        times.forEach((stage, t) -> {
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "%-10s %9.3f %9.3f%n", stage, t[t.length / 2] / 1e6, t[(int) (t.length * 0.99)] / 1e6);
        });
    }
}
