package dev.mnist.spark;

import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.Classifier;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Classifies one partition's images a batch at a time, as {@code mnist classify} does (the same
 * {@link Classifier}, so the same preparation and the same answers), and turns each into an output
 * row. Only one batch is held at a time, so an executor's memory stays flat; an image that cannot be
 * read is a {@code failed} row.
 */
final class ClassifyPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /** Counts over the whole job, summed on the driver. */
    record Counts(LongAccumulator classified, LongAccumulator blank, LongAccumulator failed,
                  LongAccumulator labelled, LongAccumulator correct) implements java.io.Serializable {
    }

    private final ShippedModel model;
    private final HadoopFiles files;
    private final int top;
    private final int batchSize;
    private final Counts counts;

    /** {@code top} at most the model's class count; {@code batchSize} within {@code Limits.batchFor}. */
    ClassifyPartition(ShippedModel model, HadoopFiles files, int top, int batchSize, Counts counts) {
        this.model = model;
        this.files = files;
        this.top = top;
        this.batchSize = batchSize;
        this.counts = counts;
    }

    /** {@code path, label, status, reason, class_1, probability_1, ..., class_K, probability_K}. */
    static StructType schema(int top) {
        StructType schema = new StructType()
                .add("path", DataTypes.StringType, false)
                .add("label", DataTypes.StringType, true)
                .add("status", DataTypes.StringType, false)
                .add("reason", DataTypes.StringType, true);
        for (int i = 1; i <= top; i++) {
            schema = schema.add("class_" + i, DataTypes.StringType, true).add("probability_" + i, DataTypes.DoubleType, true);
        }
        return schema;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> inputs) {
        Classifier classifier = new Classifier(model.predictor(), ImagePreparation.of(model.metadata().input()), top, batchSize);
        Deque<Row> ready = new ArrayDeque<>();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && inputs.hasNext()) {
                    List<Row> batch = new ArrayList<>(batchSize);
                    while (batch.size() < batchSize && inputs.hasNext()) {
                        batch.add(inputs.next());
                    }
                    List<Classification.Outcome> outcomes = classifier.classifyBatch(batch,
                            row -> ImageFiles.decode(files.readImage(row.getString(0)), HadoopFiles.display(row.getString(0))));
                    for (int i = 0; i < batch.size(); i++) {
                        ready.add(row(batch.get(i), outcomes.get(i)));
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    private Row row(Row input, Classification.Outcome outcome) {
        Integer label = input.isNullAt(1) ? null : input.getInt(1);
        Object[] values = new Object[4 + 2 * top];
        values[0] = HadoopFiles.display(input.getString(0));
        values[1] = label == null ? null : model.metadata().classNames().get(label);
        values[2] = outcome.status().id();
        values[3] = outcome.error();
        for (int i = 0; i < outcome.top().size(); i++) {
            values[4 + 2 * i] = outcome.top().get(i).className();
            values[5 + 2 * i] = outcome.top().get(i).probability();
        }
        count(outcome, label);
        return RowFactory.create(values);
    }

    private void count(Classification.Outcome outcome, Integer label) {
        switch (outcome.status()) {
            case CLASSIFIED -> counts.classified().add(1);
            case BLANK -> counts.blank().add(1);
            case FAILED -> counts.failed().add(1);
        }
        if (outcome.status() == Classification.Status.CLASSIFIED && label != null) {
            counts.labelled().add(1);
            if (outcome.top().get(0).index() == label) {
                counts.correct().add(1);
            }
        }
    }
}
