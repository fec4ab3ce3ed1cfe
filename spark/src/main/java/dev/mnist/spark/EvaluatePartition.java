package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.ImageFiles;
import dev.mnist.core.evaluate.EvaluationTally;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.infer.Preprocessing;
import org.apache.spark.api.java.function.FlatMapFunction;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Scores one partition's labelled images a batch at a time into an {@link EvaluationTally}, each
 * image prepared as {@code mnist evaluate} prepares a file of it (blank ones included, as there);
 * an image that cannot be read is counted as failed and left out of the scores.
 */
final class EvaluatePartition implements FlatMapFunction<Iterator<LabelledFiles.LabelledFile>, EvaluatePartition.Score> {
    private static final long serialVersionUID = 1L;
    /** Failure messages kept for the driver to show; the rest are only counted. */
    static final int FAILURES_KEPT = 10;

    /** A partition's scores and failures; scores of all partitions merge into the data set's. */
    record Score(EvaluationTally tally, long failed, List<String> failures) implements Serializable {
        Score merge(Score other) {
            List<String> kept = new ArrayList<>(failures);
            other.failures.stream().limit(FAILURES_KEPT - kept.size()).forEach(kept::add);
            return new Score(tally.merge(other.tally), failed + other.failed, kept);
        }
    }

    private final ShippedModel model;
    private final HadoopFiles files;
    private final int mistakes;
    private final int batchSize;

    EvaluatePartition(ShippedModel model, HadoopFiles files, int mistakes, int batchSize) {
        this.model = model;
        this.files = files;
        this.mistakes = mistakes;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Score> call(Iterator<LabelledFiles.LabelledFile> images) {
        Predictor predictor = model.predictor();
        Preprocessing preparation = Preprocessing.of(model.metadata().input());
        List<String> classNames = model.metadata().classNames();
        int size = model.metadata().inputShape().size();
        EvaluationTally tally = new EvaluationTally(classNames, mistakes);
        long failed = 0;
        List<String> failures = new ArrayList<>();
        while (images.hasNext()) {
            List<LabelledFiles.LabelledFile> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && images.hasNext()) {
                batch.add(images.next());
            }
            Object[] prepared = new Object[batch.size()];
            IntStream.range(0, batch.size()).parallel().forEach(i -> prepared[i] = prepare(batch.get(i), preparation));
            List<LabelledFiles.LabelledFile> scored = new ArrayList<>(batch.size());
            byte[] pixels = new byte[batch.size() * size];
            for (int i = 0; i < batch.size(); i++) {
                if (prepared[i] instanceof byte[] image) {
                    System.arraycopy(image, 0, pixels, scored.size() * size, size);
                    scored.add(batch.get(i));
                } else {
                    failed++;
                    if (failures.size() < FAILURES_KEPT) {
                        failures.add((String) prepared[i]);
                    }
                }
            }
            if (scored.isEmpty()) {
                continue;
            }
            float[] probabilities = predictor.probabilities(java.util.Arrays.copyOf(pixels, scored.size() * size), scored.size());
            for (int i = 0; i < scored.size(); i++) {
                LabelledFiles.LabelledFile image = scored.get(i);
                tally.add(Math.toIntExact(image.index()), HadoopFiles.display(image.path()), image.label(), probabilities,
                        i * classNames.size());
            }
        }
        return List.of(new Score(tally, failed, failures)).iterator();
    }

    /** The image's prepared pixels, or why it has none. */
    private Object prepare(LabelledFiles.LabelledFile file, Preprocessing preparation) {
        String name = HadoopFiles.display(file.path());
        if (!LabelledFiles.labelled(file)) {
            return name + ": no label (a list line for evaluate is 'path label')";
        }
        try {
            return preparation.prepare(ImageFiles.decode(files.readImage(file.path()), name)).pixels();
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }
}
