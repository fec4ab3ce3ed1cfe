package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.evaluate.EvaluationReport;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputContract;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.List;

/**
 * {@code evaluate} on Spark: the partitions score their images apart, their tallies merge on the
 * driver into the report {@code mnist evaluate --json} prints, written to {@code OUTPUT/report.json}.
 */
final class EvaluateJob {
    static final String REPORT = "report.json";

    /** {@code preparation}: overrides the model's (null: the model's own). */
    record Options(java.nio.file.Path model, InputContract.Preparation preparation, String input, String output, int errors,
                   int batchSize, int partitions) {
    }

    /** The report, the images that could not be scored (a count and the first few reasons), and the time taken. */
    record Result(EvaluationReport report, long failed, List<String> failures, double seconds) {
    }

    private EvaluateJob() {
    }

    static Result run(SparkSession spark, Options options) {
        OutputFolder.checkAbsent(spark, options.output());
        return ShippedModel.with(spark, options.model(), options.preparation(), model -> run(spark, options, model));
    }

    private static Result run(SparkSession spark, Options options, ShippedModel model) {
        HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        long start = System.nanoTime();
        int batchSize = Limits.batchFor(options.batchSize(), model.metadata().inputShape().size());
        LabelledFiles.Listed listed = LabelledFiles.of(spark, options.input(), model.metadata().classNames(), options.partitions());
        EvaluatePartition.Score score = listed.files()
                .mapPartitions(new EvaluatePartition(model, files, options.errors(), batchSize))
                .reduce(EvaluatePartition.Score::merge);
        EvaluationReport report = score.tally().report(model.source(), model.metadata(), listed.source(), listed.format());
        OutputFolder.checkAbsent(spark, options.output());   // again: the job took a while
        write(spark, options.output(), report);
        return new Result(report, score.failed(), score.failures().stream().map(EvaluatePartition.Failure::reason).toList(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * {@code OUTPUT/report.json}, written beside and renamed into place: never half a report. A
     * failed write removes what it made: its partial file, and the folder when it made it and it is
     * left empty.
     */
    private static void write(SparkSession spark, String output, EvaluationReport report) {
        Path folder = new Path(output);
        Path partial = new Path(folder, "." + REPORT + ".partial");
        try {
            FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
            boolean madeFolder = !fs.exists(folder) && fs.mkdirs(folder);
            boolean madePartial = false;
            try {
                try (FSDataOutputStream out = fs.create(partial, false)) {
                    madePartial = true;
                    out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
                }
                if (!fs.rename(partial, new Path(folder, REPORT))) {
                    throw new IOException("could not rename " + partial + " to " + REPORT);
                }
            } catch (IOException | RuntimeException e) {
                removeQuietly(fs, madePartial ? partial : null, madeFolder ? folder : null);
                throw e;
            }
        } catch (IOException e) {
            throw new InvalidInputException(output + ": cannot write the report (" + e.getMessage() + ")", e);
        }
    }

    private static void removeQuietly(FileSystem fs, Path partial, Path madeFolder) {
        try {
            if (partial != null) {
                fs.delete(partial, false);
            }
            if (madeFolder != null && fs.listStatus(madeFolder).length == 0) {
                fs.delete(madeFolder, false);
            }
        } catch (IOException e) {
            // the write's own error is the one to report
        }
    }
}
