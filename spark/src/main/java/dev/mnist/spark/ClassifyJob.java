package dev.mnist.spark;

import dev.mnist.core.Limits;
import dev.mnist.core.infer.ClassifySummary;
import dev.mnist.core.model.InputContract.Preparation;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code classify} on Spark: every image of the inputs through the model, one output row each
 * ({@link ClassifyPartition#schema}), written as Parquet, CSV or JSON lines to a new folder.
 */
final class ClassifyJob {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyJob.class);

    /** Where the output goes, and in what form. */
    enum Format { PARQUET, CSV, JSON }

    /** {@code preparation}: overrides the model's (null: the model's own). */
    record Options(Path model, Preparation preparation, List<String> inputs, String output, int top, Format format, int batchSize,
                   int partitions) {
    }

    /** The job's counts and how long it took. */
    record Result(ClassifySummary summary, double seconds) {
        double imagesPerSecond() {
            return summary.total() / seconds;
        }
    }

    private ClassifyJob() {
    }

    static Result run(SparkSession spark, Options options) {
        warmUpPlanner(spark, options.top());
        OutputFolder.checkAbsent(spark, options.output());
        return ShippedModel.with(spark, options.model(), options.preparation(), model -> run(spark, options, model));
    }

    /**
     * Spark SQL plans its first query in a JVM slowly (seconds, loading and compiling its planner).
     * This plans a query of the job's shape on another thread while the driver ships the model and
     * lists the images; whatever fails here fails again, and is reported, in the job itself.
     */
    private static void warmUpPlanner(SparkSession spark, int top) {
        Thread thread = new Thread(() -> {
            try {
                JavaRDD<Row> none = JavaSparkContext.fromSparkContext(spark.sparkContext()).emptyRDD();
                spark.createDataFrame(none, ImageInputs.SCHEMA)
                        .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> rows, Encoders.row(ClassifyPartition.schema(top)))
                        .queryExecution().executedPlan();
            } catch (RuntimeException e) {
                LOG.debug("warming up Spark SQL's planner failed", e);
            }
        }, "mnist-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static Result run(SparkSession spark, Options options, ShippedModel model) {
        SparkContext context = spark.sparkContext();
        ClassifyPartition.Counts counts = new ClassifyPartition.Counts(context.longAccumulator("classified"),
                context.longAccumulator("blank"), context.longAccumulator("failed"), context.longAccumulator("labelled"),
                context.longAccumulator("correct"));
        HadoopFiles files = new HadoopFiles(context.hadoopConfiguration());
        int top = Math.min(options.top(), model.metadata().classNames().size());
        int batchSize = Limits.batchFor(options.batchSize(), model.metadata().inputShape().size());
        long start = System.nanoTime();
        Dataset<Row> inputs = ImageInputs.of(spark, options.inputs(), model.metadata().classNames(), options.partitions());
        Dataset<Row> results = inputs.mapPartitions(new ClassifyPartition(model, files, top, batchSize, counts),
                Encoders.row(ClassifyPartition.schema(top)));
        OutputFolder.written(spark, options.output(), () ->
                results.write().format(options.format().name().toLowerCase(Locale.ROOT)).option("header", "true").save(options.output()));
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(new ClassifySummary(counts.classified().value(), counts.blank().value(), counts.failed().value(),
                counts.labelled().value(), counts.correct().value()), seconds);
    }
}
