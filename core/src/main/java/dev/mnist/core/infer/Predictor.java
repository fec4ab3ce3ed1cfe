package dev.mnist.core.infer;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** A trained model loaded for inference: images in, class probabilities out. */
public final class Predictor {
    /** Where commands look for a model when none is named. */
    public static final Path DEFAULT_MODEL = Path.of("runs", "latest");

    private final Path file;
    private final SameDiff graph;
    private final ModelMetadata metadata;

    private Predictor(Path file, ModelFile.Loaded loaded) {
        this.file = file;
        this.graph = loaded.graph();
        this.metadata = loaded.metadata();
    }

    /** Loads a model zip, or the {@code model.zip} of a run folder. */
    public static Predictor load(Path modelOrRun) {
        Path file = locate(modelOrRun);
        return new Predictor(file, ModelFile.loadForInference(file));
    }

    /** The model zip a path names: the path itself, or a run folder's {@code model.zip}. */
    public static Path locate(Path modelOrRun) {
        if (Files.isDirectory(modelOrRun)) {
            Path model = modelOrRun.resolve("model.zip");
            if (!Files.isRegularFile(model)) {
                throw new InvalidInputException(modelOrRun + ": not a run folder (no model.zip inside)");
            }
            return model;
        }
        if (!Files.exists(modelOrRun)) {
            throw new InvalidInputException(modelOrRun + ": no such model" + (modelOrRun.endsWith(DEFAULT_MODEL)
                    ? "; train one first with 'mnist train', or name one with --model" : ""));
        }
        return modelOrRun;
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
     * input shape, one after another: row {@code i} of the result is image {@code i}'s, in
     * {@code [i * classCount(), (i + 1) * classCount())}. One pass at a time: the graph is not thread-safe.
     */
    public synchronized float[] probabilities(byte[] pixels, int count) {
        INDArray output = graph.output(Map.of(GraphNames.INPUT, input(pixels, count)), GraphNames.PROBABILITIES).get(GraphNames.PROBABILITIES);
        return output.dup('c').data().asFloat();
    }

    /** The named graph variables' values (e.g. every layer's output) for one image of planar unsigned bytes. */
    public synchronized Map<String, INDArray> outputs(byte[] pixels, List<String> names) {
        return graph.output(Map.of(GraphNames.INPUT, input(pixels, 1)), names.toArray(String[]::new));
    }

    /** A trained parameter by its graph name (see {@code Architecture.Layer}). */
    public INDArray parameter(String name) {
        return graph.getVariable(name).getArr();
    }

    private INDArray input(byte[] pixels, int count) {
        int size = metadata.inputShape().size();
        if (pixels.length < (long) count * size) {
            throw new IllegalArgumentException(pixels.length + " bytes for " + count + " images of " + size);
        }
        float[] features = new float[count * size];
        for (int i = 0; i < features.length; i++) {
            features[i] = (pixels[i] & 0xFF) / 255f;
        }
        return Nd4j.create(features, new long[]{count, metadata.inputShape().channels(),
                metadata.inputShape().height(), metadata.inputShape().width()}, 'c');
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
