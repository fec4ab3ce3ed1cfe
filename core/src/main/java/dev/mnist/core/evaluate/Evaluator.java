package dev.mnist.core.evaluate;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.data.Dataset;
import dev.mnist.core.data.ImageSet;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.ModelMetadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

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
        int k = Math.min(TOP_K, classes);
        ConfusionMatrix confusion = new ConfusionMatrix(classes);
        PriorityQueue<EvaluationReport.Mistake> worst = new PriorityQueue<>(
                Comparator.comparingDouble(EvaluationReport.Mistake::probability));
        long inTopK = 0;
        int wrong = 0;
        listener.started(images.count());
        int batch = Limits.batchFor(BATCH, images.imageSize());
        for (int start = 0; start < images.count(); start += batch) {
            int count = Math.min(batch, images.count() - start);
            byte[] pixels = new byte[count * images.imageSize()];
            for (int i = 0; i < count; i++) {
                images.copy(start + i, pixels, i * images.imageSize());
            }
            float[] probabilities = predictor.probabilities(pixels, count);
            for (int i = 0; i < count; i++) {
                int index = start + i;
                int actual = toModelClass[images.label(index)];
                int row = i * classes;
                int predicted = argMax(probabilities, row, classes);
                confusion.add(actual, predicted);
                if (rank(probabilities, row, classes, actual) < k) {
                    inTopK++;
                }
                if (predicted != actual) {
                    wrong++;
                    worst.add(new EvaluationReport.Mistake(index, data.describe(index), classNames.get(actual),
                            classNames.get(predicted), probabilities[row + predicted]));
                    if (worst.size() > mistakes) {
                        worst.poll();
                    }
                }
            }
            listener.batchDone(start + count);
        }
        List<EvaluationReport.Mistake> mostConfident = new ArrayList<>(worst);
        mostConfident.sort(Comparator.comparingDouble(EvaluationReport.Mistake::probability).reversed()
                .thenComparingInt(EvaluationReport.Mistake::index));
        List<EvaluationReport.ClassScores> perClass = IntStream.range(0, classes).mapToObj(c -> new EvaluationReport.ClassScores(
                classNames.get(c), confusion.precision(c), confusion.recall(c), confusion.f1(c), confusion.support(c))).toList();
        EvaluationReport.ClassScores macro = new EvaluationReport.ClassScores("macro avg",
                perClass.stream().mapToDouble(EvaluationReport.ClassScores::precision).average().orElse(0),
                perClass.stream().mapToDouble(EvaluationReport.ClassScores::recall).average().orElse(0),
                perClass.stream().mapToDouble(EvaluationReport.ClassScores::f1).average().orElse(0),
                confusion.total());
        int total = images.count();
        return new EvaluationReport(predictor.file().toString(), predictor.metadata().architecture(), predictor.metadata().epoch(),
                predictor.metadata().parent(),
                data.source().toString(), data.format(), total, classNames, confusion.correct(),
                total == 0 ? 0 : (double) confusion.correct() / total, k, total == 0 ? 0 : (double) inTopK / total,
                perClass, macro, confusion.counts(), wrong, mostConfident);
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

    /** How many classes score higher than {@code c} (ties resolved in favour of {@code c}). */
    private static int rank(float[] values, int from, int length, int c) {
        int higher = 0;
        for (int other = 0; other < length; other++) {
            if (values[from + other] > values[from + c]) {
                higher++;
            }
        }
        return higher;
    }
}
