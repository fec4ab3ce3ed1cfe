package dev.mnist.core.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.load.Dataset;
import dev.mnist.core.evaluate.Evaluator;
import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.train.TrainingRun;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * {@code mnist export --check}: runs an exported ONNX file in ONNX Runtime on labelled images and
 * compares its probabilities with the toolkit's own for the same model: the largest absolute
 * difference and how many images' top class differ. It passes within {@link #TOLERANCE} and with
 * no top class differing.
 */
public final class OnnxCheck implements AutoCloseable {
    public static final double TOLERANCE = 1e-4;
    public static final int DEFAULT_IMAGES = 1_000;
    private static final int BATCH = 100;

    /** What the comparison found, on {@code images} images of {@code data}. */
    public record Result(Path onnxFile, String data, int images, double largestDifference, int topClassDifferences,
                         double tolerance, boolean passed) {
    }

    /** The images a model is checked on by default: its run's data (run.json), else {@code fallback}. */
    public static Path defaultData(Path modelOrRun, Path fallback) {
        return RunFolder.of(RunFolder.modelFile(modelOrRun))
                .filter(run -> java.nio.file.Files.isRegularFile(run.dir().resolve(RunFolder.RUN_JSON)))
                .map(run -> run.readRun(TrainingRun.class).config().data()).orElse(fallback);
    }

    /**
     * Loads {@code modelOrRun} and the first {@code limit} images of {@code data}'s test split, prepared
     * as the model's contract says: before anything is exported, so that unusable data writes nothing.
     */
    public static OnnxCheck prepare(Path modelOrRun, Path data, int limit) {
        Predictor predictor = Predictor.load(modelOrRun);
        try {
            InputContract contract = predictor.metadata().input();
            ImageSet images = Evaluator.modelInput(predictor.metadata(),
                    Dataset.load(data, Split.TEST, contract.preparedShape(), contract.preparation()));
            images = images.first(Math.min(limit, images.count()));
            if (images.count() == 0) {
                throw new InvalidInputException(data + ": no test images to check against");
            }
            return new OnnxCheck(predictor, images, data);
        } catch (RuntimeException e) {
            predictor.close();
            throw e;
        }
    }

    private final Predictor predictor;
    private final ImageSet images;
    private final Path data;

    private OnnxCheck(Predictor predictor, ImageSet images, Path data) {
        this.predictor = predictor;
        this.images = images;
        this.data = data;
    }

    public int images() {
        return images.count();
    }

    /** Compares {@code onnxFile}, exported from the model, with it; {@code imagesDone} hears the count after each batch. */
    public Result run(Path onnxFile, IntConsumer imagesDone) {
        return compare(onnxFile, predictor, images, data, imagesDone);
    }

    @Override
    public void close() {
        predictor.close();
    }

    private static Result compare(Path onnxFile, Predictor predictor, ImageSet images, Path data, IntConsumer imagesDone) {
        InputContract contract = predictor.metadata().input();
        InputShape shape = contract.shape();
        InputTensor tensor = new InputTensor(contract);
        int classes = predictor.classCount();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = open(environment, options, onnxFile)) {
            String input = session.getInputNames().iterator().next();
            boolean pixels = input.equals(OnnxExporter.PIXELS);
            double largest = 0;
            int differing = 0;
            for (int start = 0; start < images.count(); start += BATCH) {
                int count = Math.min(BATCH, images.count() - start);
                byte[] bytes = new byte[count * images.imageSize()];
                for (int i = 0; i < count; i++) {
                    images.copy(start + i, bytes, i * images.imageSize());
                }
                float[] ours = predictor.probabilities(bytes, count);
                float[] values = pixels ? asFloats(bytes) : tensor.values(bytes, count);
                long[] dims = {count, shape.channels(), shape.height(), shape.width()};
                float[][] theirs;
                try (OnnxTensor tensorIn = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), dims);
                     OrtSession.Result result = session.run(Map.of(input, tensorIn))) {
                    theirs = (float[][]) result.get(GraphNames.PROBABILITIES).orElseThrow().getValue();
                }
                for (int i = 0; i < count; i++) {
                    for (int c = 0; c < classes; c++) {
                        largest = Math.max(largest, Math.abs(ours[i * classes + c] - theirs[i][c]));
                    }
                    if (Evaluator.argMax(ours, i * classes, classes) != Evaluator.argMax(theirs[i], 0, classes)) {
                        differing++;
                    }
                }
                imagesDone.accept(start + count);
            }
            return new Result(onnxFile, data.toString(), images.count(), largest, differing, TOLERANCE,
                    largest <= TOLERANCE && differing == 0);
        } catch (OrtException e) {
            throw new InvalidInputException(onnxFile + ": ONNX Runtime cannot run it (" + e.getMessage() + ")", e);
        }
    }

    private static OrtSession open(OrtEnvironment environment, OrtSession.SessionOptions options, Path file) {
        try {
            return environment.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new InvalidInputException(file + ": ONNX Runtime does not load it (" + e.getMessage() + ")", e);
        }
    }

    private static float[] asFloats(byte[] bytes) {
        float[] values = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xFF;
        }
        return values;
    }
}
