package dev.mnist.core.evaluate;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.load.Dataset;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.ModelMetadata;

import java.util.List;

/** Runs a model over a labelled data set and scores it: accuracy, top-k, per-class scores, confusions, worst mistakes. */
public final class Evaluator {
    public static final int TOP_K = 5;
    private static final int BATCH = 500;

    private final EvaluationListener listener;

    public Evaluator(EvaluationListener listener) {
        this.listener = listener;
    }

    private static InputShape shape(ImageSet images) {
        return new InputShape(images.channels(), images.rows(), images.cols());
    }

    /**
     * The data's images as the model takes them: their centre window when the model answers from
     * one (its contract's {@code cropFrom}).
     *
     * @throws InvalidInputException when they are not of the model's input shape
     */
    public static ImageSet modelInput(ModelMetadata model, Dataset data) {
        InputShape input = model.inputShape();
        ImageSet images = data.images();
        if (model.input().preparedShape().equals(shape(images))) {
            images = images.centreCropped(input.height(), input.width());
        }
        InputShape shape = shape(images);
        if (!shape.equals(input)) {
            throw new InvalidInputException(data.source() + ": images are " + shape + " but the model takes " + input);
        }
        return images;
    }

    /**
     * @param mistakes how many of the most confidently wrong images to keep
     */
    public EvaluationReport evaluate(Predictor predictor, Dataset data, int mistakes) {
        ImageSet images = modelInput(predictor.metadata(), data);
        List<String> classNames = predictor.metadata().classNames();
        int[] toModelClass = modelClasses(data, classNames);
        int classes = classNames.size();
        EvaluationTally tally = new EvaluationTally(classNames, mistakes);
        listener.started(images.count());
        int batch = Limits.evaluationBatch(BATCH, images.imageSize());
        for (int start = 0; start < images.count(); start += batch) {
            int count = Math.min(batch, images.count() - start);
            byte[] pixels = new byte[count * images.imageSize()];
            for (int i = 0; i < count; i++) {
                images.copy(start + i, pixels, i * images.imageSize());
            }
            float[] probabilities = predictor.probabilities(pixels, count);
            for (int i = 0; i < count; i++) {
                int index = start + i;
                tally.add(index, data.describe(index), toModelClass[images.label(index)], probabilities, i * classes);
            }
            listener.batchDone(start + count);
        }
        return tally.report(predictor.file().toString(), predictor.metadata(), data.source().toString(), data.format());
    }

    /** The model's index for each of the data's classes, matched by name. */
    private static int[] modelClasses(Dataset data, List<String> modelClasses) {
        List<String> missing = data.classNames().stream().filter(name -> !modelClasses.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException(data.source() + ": classes " + missing + " are not among the model's "
                    + modelClasses);
        }
        return data.classNames().stream().mapToInt(modelClasses::indexOf).toArray();
    }

    /** The index, from {@code from}, of the largest of {@code length} values (the first of equals). */
    public static int argMax(float[] values, int from, int length) {
        int best = 0;
        for (int c = 1; c < length; c++) {
            if (values[from + c] > values[from + best]) {
                best = c;
            }
        }
        return best;
    }
}
