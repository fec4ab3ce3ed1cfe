package dev.mnist.core.infer;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.image.PreparedImage;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Classifies a stream of images in batches: each batch is read and prepared on all cores, then run
 * through the model in one pass. Only one batch is held at a time, so memory stays flat however
 * many images stream through. Results come out in input order.
 */
public final class Classifier {
    private final Predictor predictor;
    private final ImagePreparation preprocessing;
    private final int top;
    private final int batchSize;

    public Classifier(Predictor predictor, ImagePreparation preprocessing, int top, int batchSize) {
        if (top < 1 || batchSize < 1) {
            throw new IllegalArgumentException("top and batch size must be positive");
        }
        this.predictor = predictor;
        this.preprocessing = preprocessing;
        this.top = Math.min(top, predictor.classCount());
        this.batchSize = batchSize;
    }

    /** One decoded image, prepared and scored exactly as a file of it would be. */
    public ImagePrediction classify(BufferedImage image) {
        PreparedImage prepared = preprocessing.prepare(image);
        if (prepared.blank()) {
            return new ImagePrediction(prepared, List.of());
        }
        return new ImagePrediction(prepared, predictor.top(predictor.probabilities(prepared.pixels(), 1), 0, top));
    }

    public ClassifySummary classify(Iterator<ClassifyInput> inputs, Consumer<Classification> results) {
        long classified = 0;
        long blank = 0;
        long failed = 0;
        long labelled = 0;
        long correct = 0;
        List<ClassifyInput> batch = new ArrayList<>(batchSize);
        while (inputs.hasNext()) {
            batch.clear();
            while (batch.size() < batchSize && inputs.hasNext()) {
                batch.add(inputs.next());
            }
            for (Classification result : classifyBatch(batch)) {
                switch (result.status()) {
                    case CLASSIFIED -> classified++;
                    case BLANK -> blank++;
                    case FAILED -> failed++;
                }
                if (result.status() == Classification.Status.CLASSIFIED && result.input().labelled()) {
                    labelled++;
                    correct += result.correct() ? 1 : 0;
                }
                results.accept(result);
            }
        }
        return new ClassifySummary(classified, blank, failed, labelled, correct);
    }

    private List<Classification> classifyBatch(List<ClassifyInput> batch) {
        List<Classification.Outcome> outcomes = classifyBatch(batch, input -> ImageFiles.read(input.path()));
        return IntStream.range(0, batch.size()).mapToObj(i -> new Classification(batch.get(i), outcomes.get(i))).toList();
    }

    /**
     * One batch of images from anywhere, in one pass of the model: {@code read} decodes an item, or
     * throws an {@link InvalidInputException} saying why it cannot (its message is the outcome's error).
     * Items are read and prepared on all cores; outcomes come back in the items' order.
     */
    public <T> List<Classification.Outcome> classifyBatch(List<T> batch, Function<T, BufferedImage> read) {
        Prepared[] prepared = new Prepared[batch.size()];
        IntStream.range(0, batch.size()).parallel().forEach(i -> prepared[i] = prepare(batch.get(i), read));
        int size = predictor.metadata().inputShape().size();
        int[] row = new int[batch.size()];
        int rows = 0;
        byte[] pixels = new byte[batch.size() * size];
        for (int i = 0; i < batch.size(); i++) {
            if (prepared[i].classifiable()) {
                System.arraycopy(prepared[i].image().pixels(), 0, pixels, rows * size, size);
                row[i] = rows++;
            }
        }
        float[] probabilities = rows == 0 ? new float[0] : predictor.probabilities(pixels, rows);
        List<Classification.Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (prepared[i].error() != null) {
                outcomes.add(new Classification.Outcome(Classification.Status.FAILED, List.of(), prepared[i].error()));
            } else if (prepared[i].image().blank()) {
                outcomes.add(new Classification.Outcome(Classification.Status.BLANK, List.of(), null));
            } else {
                outcomes.add(new Classification.Outcome(Classification.Status.CLASSIFIED, predictor.top(probabilities, row[i], top), null));
            }
        }
        return outcomes;
    }

    /** An input read and prepared, or why it could not be. */
    private record Prepared(PreparedImage image, String error) {
        boolean classifiable() {
            return error == null && !image.blank();
        }
    }

    private <T> Prepared prepare(T input, Function<T, BufferedImage> read) {
        try {
            return new Prepared(preprocessing.prepare(read.apply(input)), null);
        } catch (InvalidInputException e) {
            return new Prepared(null, e.getMessage());
        }
    }
}
