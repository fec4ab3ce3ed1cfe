package dev.mnist.core.infer;

import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.nd4j.ComputeThreads;
import dev.mnist.core.nd4j.Nd4jWorkarounds;
import dev.mnist.core.run.RunFolder;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;

/**
 * A trained model loaded for inference: images in, class probabilities out. Batches run on one
 * thread of the predictor's own, in turn: a SameDiff graph is not thread-safe, and ND4J keeps state
 * per calling thread (the graph's session and its array cache, an OpenMP team) that stays warm
 * when the calling thread is always the same. A single image runs on the calling thread through a
 * {@link PreparedPass} of its own (callers at once get one each, sharing the weights): no
 * hand-over between threads, and two cores answer two requests at once.
 * <p>
 * A pass of one image runs on one CPU thread. Its dense layers are then matrix-vector products,
 * which the BLAS splits along the sum when it has several threads, so the last bits of the answer
 * would depend on the machine's core count; and one image is too little work to share out: one
 * thread answers sooner. Batches use every core; their answers do not depend on the count.
 */
public final class Predictor implements AutoCloseable {
    static {
        Nd4jWorkarounds.install();
    }

    private final Path file;
    private final SameDiff graph;
    private final ModelMetadata metadata;
    private final InputTensor tensor;
    private final ExecutorService engine = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "mnist-model");
        thread.setDaemon(true);
        return thread;
    });
    private final int everyCore;
    /** Whether single images take a {@link PreparedPass}; the idle ones, one made per caller at once. */
    private final boolean prepared;
    private final Queue<PreparedPass> idlePasses = new ConcurrentLinkedQueue<>();

    private Predictor(Path file, ModelFile.Loaded loaded) {
        this.file = file;
        this.graph = loaded.graph();
        this.metadata = loaded.metadata();
        this.tensor = new InputTensor(metadata.input());
        this.everyCore = onEngine(ComputeThreads::ofCurrentThread);
        Optional<PreparedPass> first = preparedPass();
        this.prepared = first.isPresent();
        first.ifPresent(idlePasses::add);
    }

    /** Loads a model zip, or the {@code model.zip} of a run folder. */
    public static Predictor load(Path modelOrRun) {
        Path file = RunFolder.modelFile(modelOrRun);
        return new Predictor(file, ModelFile.loadForInference(file));
    }

    public Path file() {
        return file;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public int classCount() {
        return metadata.classNames().size();
    }

    /**
     * Class probabilities of {@code count} images given as planar unsigned bytes in the model's
     * input shape (prepared as its contract says), one after another: row {@code i} of the result is image {@code i}'s, in
     * {@code [i * classCount(), (i + 1) * classCount())}. Any thread may call it; passes run one at a time.
     */
    public float[] probabilities(byte[] pixels, int count) {
        INDArray input = input(pixels, count);
        if (count == 1 && prepared) {
            return onCallingThread(input);
        }
        return onEngine(() -> {
            ComputeThreads.setForCurrentThread(count == 1 ? 1 : everyCore);
            return graph.output(Map.of(GraphNames.INPUT, input), GraphNames.PROBABILITIES)
                    .get(GraphNames.PROBABILITIES).dup('c').data().asFloat();
        });
    }

    /** The named graph variables' values (e.g. every layer's output) for one image of planar unsigned bytes. */
    public Map<String, INDArray> outputs(byte[] pixels, List<String> names) {
        INDArray input = input(pixels, 1);
        return onEngine(() -> {
            ComputeThreads.setForCurrentThread(1);
            return graph.output(Map.of(GraphNames.INPUT, input), names.toArray(String[]::new));
        });
    }

    /** A trained parameter by its graph name (see {@code Architecture.Layer}). */
    public INDArray parameter(String name) {
        return graph.getVariable(name).getArr();
    }

    /** Ends the predictor's thread once the passes asked for have run. */
    @Override
    public void close() {
        engine.shutdown();
    }

    /** One image on the calling thread, through an idle prepared pass or a new one: callers at once each run their own. */
    private float[] onCallingThread(INDArray input) {
        if (engine.isShutdown()) {
            throw new IllegalStateException(file + ": the predictor is closed");
        }
        try (ComputeThreads.Limit oneThread = ComputeThreads.limit(1)) {
            PreparedPass pass = idlePasses.poll();
            if (pass == null) {
                pass = preparedPass().orElseThrow();
            }
            try {
                return pass.run(input);
            } finally {
                idlePasses.add(pass);
            }
        }
    }

    private Optional<PreparedPass> preparedPass() {
        try (ComputeThreads.Limit oneThread = ComputeThreads.limit(1)) {
            return PreparedPass.of(graph, GraphNames.INPUT, tensor.shape(1), GraphNames.PROBABILITIES);
        }
    }

    private <T> T onEngine(Callable<T> pass) {
        Future<T> result;
        try {
            result = engine.submit(pass);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException(file + ": the predictor is closed");
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the model");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private INDArray input(byte[] pixels, int count) {
        return tensor.of(pixels, count);
    }

    /** Row {@code row}'s {@code k} most probable classes, best first; ties go to the lower index. */
    public List<Classification.Guess> top(float[] probabilities, int row, int k) {
        int classes = classCount();
        int from = row * classes;
        return IntStream.range(0, classes).boxed()
                .sorted(Comparator.<Integer>comparingDouble(c -> probabilities[from + c]).reversed().thenComparing(c -> c))
                .limit(k)
                .map(c -> new Classification.Guess(c, metadata.classNames().get(c), probabilities[from + c]))
                .toList();
    }
}
