package dev.mnist.spark;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mnist.core.infer.ClassifySummary;
import dev.mnist.core.io.Json;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = SparkMain.Version.class,
        description = "Classify every image of the inputs and write one row per image: path, label, status (ok, blank "
                + "or failed), reason, class_1, probability_1, ... class_K, probability_K.",
        footer = {"", "INPUT is any path Spark's Hadoop layer reads (file:, hdfs:, s3a: where the cluster has the "
                + "connector): a file, folder or glob (every PNG, JPEG, BMP or GIF under it), @LIST (a text file of "
                + "'path [label]' lines, relative paths against the list's folder), or a .parquet table with a 'path' "
                + "column and an optional 'label' column.",
                "",
                "Images are prepared as the model's input contract says (or as --prepare says), by the same code as "
                + "'mnist classify', so the answers are the same. An image that cannot be read is a 'failed' row with the reason; the exit code "
                + "is then 5."})
final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions job;

    @Option(names = "--input", required = true, arity = "1..*", paramLabel = "INPUT", description = "Images: see below.")
    List<String> inputs;

    @Option(names = "--top", defaultValue = "3", paramLabel = "K", description = "Classes per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "FORMAT",
            description = "parquet, csv or json (JSON lines) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--json", description = "Print the summary as one JSON document instead of a line.")
    boolean json;

    /** The summary as {@code --json} prints it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(long images, long classified, long blank, long failed, long labelled, long correct, Double accuracy,
                   double seconds, double imagesPerSecond, String output) {
    }

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be at least 1");
        }
        job.validate(spec);
        ClassifyJob.Format chosen;
        try {
            chosen = ClassifyJob.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--format must be parquet, csv or json, not '" + format + "'");
        }
        SparkSession spark = SparkSession.builder().appName("mnist classify").getOrCreate();
        ClassifyJob.Result result = ClassifyJob.run(spark,
                new ClassifyJob.Options(job.model, job.preparation, inputs, job.output, top, chosen, job.batchSize, job.partitions(spark)));
        ClassifySummary s = result.summary();
        if (json) {
            spec.commandLine().getOut().println(Json.COMPACT.writeValueAsString(
                    new Summary(s.total(), s.classified(), s.blank(), s.failed(), s.labelled(), s.correct(),
                            s.labelled() > 0 ? s.accuracy() : null, result.seconds(), result.imagesPerSecond(), job.output)));
        } else {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "classified %,d images in %.1f s (%,.0f images/s): %,d ok, %,d blank, %,d failed",
                    s.total(), result.seconds(), result.imagesPerSecond(), s.classified(), s.blank(), s.failed()));
            if (s.labelled() > 0) {
                line.append(String.format(Locale.ROOT, "; accuracy %.4f over %,d labelled", s.accuracy(), s.labelled()));
            }
            spec.commandLine().getOut().println(line.append("; results in ").append(job.output));
        }
        spec.commandLine().getOut().flush();
        if (s.failed() > 0) {
            spec.commandLine().getErr().printf(Locale.ROOT, "mnist-spark: %,d images could not be read; their rows say why%n", s.failed());
            spec.commandLine().getErr().flush();
            return s.failed() == s.total() ? SparkMain.BAD_INPUT : SparkMain.SOME_INPUTS_FAILED;
        }
        return 0;
    }
}
