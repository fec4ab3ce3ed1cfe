package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.evaluate.EvaluationTally;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Scores one partition's labelled images a batch at a time into an {@link EvaluationTally}, each
 * image prepared as {@code mnist evaluate} prepares a file of it (blank ones included, as there);
 * an image that cannot be read, or has no label, is counted as a failure and left out of the scores.
 */
final class EvaluatePartition implements FlatMapFunction<Iterator<LabelledFiles.LabelledFile>, EvaluatePartition.Score> {
    private static final long serialVersionUID = 1L;
    /** Failures kept for the driver to show, the first in the data set's order; the rest are only counted. */
    static final int FAILURES_KEPT = 10;

    /** An image that could not be scored: its number in the data set, and why. */
    record Failure(long index, String reason) implements Serializable {
    }

    /** A partition's scores and failures; scores of all partitions merge into the data set's. */
    record Score(EvaluationTally tally, long failed, List<Failure> failures) implements Serializable {
        /** Both partitions' scores: this score's tally takes the other's images in. */
        Score merge(Score other) {
            return new Score(tally.merge(other.tally), failed + other.failed, first(Stream.concat(failures.stream(),
                    other.failures.stream()).toList()));
        }
    }

    private static List<Failure> first(List<Failure> failures) {
        return failures.stream().sorted(Comparator.comparingLong(Failure::index)).limit(FAILURES_KEPT).toList();
    }

    /** An image's prepared pixels, or why it has none. */
    private record Prepared(byte[] pixels, String error) {
    }

    private final ShippedModel model;
    private final HadoopFiles files;
    private final int mistakes;
    private final int batchSize;

    /** {@code batchSize} within {@code Limits.batchFor}. */
    EvaluatePartition(ShippedModel model, HadoopFiles files, int mistakes, int batchSize) {
        this.model = model;
        this.files = files;
        this.mistakes = mistakes;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Score> call(Iterator<LabelledFiles.LabelledFile> images) {
        Predictor predictor = model.predictor();
        ImagePreparation preparation = ImagePreparation.of(model.metadata().input());
        int classes = model.metadata().classNames().size();
        int size = model.metadata().inputShape().size();
        EvaluationTally tally = new EvaluationTally(model.metadata().classNames(), mistakes);
        long failed = 0;
        List<Failure> failures = new ArrayList<>();
        while (images.hasNext()) {
            List<LabelledFiles.LabelledFile> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && images.hasNext()) {
                batch.add(images.next());
            }
            Prepared[] prepared = new Prepared[batch.size()];
            IntStream.range(0, batch.size()).parallel().forEach(i -> prepared[i] = prepare(batch.get(i), preparation));
            List<LabelledFiles.LabelledFile> scored = new ArrayList<>(batch.size());
            byte[] pixels = new byte[batch.size() * size];
            for (int i = 0; i < batch.size(); i++) {
                if (prepared[i].error() == null) {
                    System.arraycopy(prepared[i].pixels(), 0, pixels, scored.size() * size, size);
                    scored.add(batch.get(i));
                } else {
                    failed++;
                    failures.add(new Failure(batch.get(i).index(), prepared[i].error()));
                }
            }
            failures = first(failures);
            if (scored.isEmpty()) {
                continue;
            }
            float[] probabilities = predictor.probabilities(Arrays.copyOf(pixels, scored.size() * size), scored.size());
            for (int i = 0; i < scored.size(); i++) {
                LabelledFiles.LabelledFile image = scored.get(i);
                tally.add(Math.toIntExact(image.index()), image.source(), image.label(), probabilities, i * classes);
            }
        }
        return List.of(new Score(tally, failed, failures)).iterator();
    }

    private Prepared prepare(LabelledFiles.LabelledFile file, ImagePreparation preparation) {
        if (!file.labelled()) {
            return new Prepared(null, file.source() + ": no label (a list line for evaluate is 'path label')");
        }
        try {
            return new Prepared(preparation.prepare(ImageFiles.decode(files.readImage(file.path()), file.source())).pixels(), null);
        } catch (InvalidInputException e) {
            return new Prepared(null, e.getMessage());
        }
    }
}
