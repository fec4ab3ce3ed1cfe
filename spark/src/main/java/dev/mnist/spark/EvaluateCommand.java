package dev.mnist.spark;

import dev.mnist.core.evaluate.EvaluationReport;
import dev.mnist.core.io.Json;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = SparkMain.Version.class,
        description = "Score a model on labelled images and write DIR/report.json: the report 'mnist evaluate --json' "
                + "prints (accuracy, top-5, per-class precision/recall/F1, confusion matrix, most confidently wrong).",
        footer = {"", "INPUT is class folders (<INPUT>/<class>/<image>, class names matched to the model's) or @LIST, "
                + "a text file of 'path label' lines; any path Spark's Hadoop layer reads. Images that cannot be read are "
                + "left out of the scores and counted; the exit code is then 5. With --min-accuracy the exit code is 6 when the "
                + "accuracy is below the bar, so a CI job can gate on it."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions job;

    @Option(names = "--input", required = true, paramLabel = "INPUT", description = "Labelled images: see below.")
    String input;

    @Option(names = "--errors", defaultValue = "10", paramLabel = "N",
            description = "Most confidently wrong images to list (default: ${DEFAULT-VALUE}).")
    int errors;

    @Option(names = "--json", description = "Print the report (as in DIR/report.json) instead of a line.")
    boolean json;

    @Option(names = "--min-accuracy", paramLabel = "X", description = "Exit with code 6 when accuracy is below X (0 to 1).")
    Double minAccuracy;

    @Override
    public Integer call() throws Exception {
        if (errors < 0) {
            throw new ParameterException(spec.commandLine(), "--errors must be 0 or more");
        }
        job.validate(spec);
        if (minAccuracy != null && !(minAccuracy >= 0 && minAccuracy <= 1)) {
            throw new ParameterException(spec.commandLine(), "--min-accuracy must be between 0 and 1");
        }
        SparkSession spark = SparkSession.builder().appName("mnist evaluate").getOrCreate();
        EvaluateJob.Result result = EvaluateJob.run(spark,
                new EvaluateJob.Options(job.model, job.preparation, input, job.output, errors, job.batchSize, job.partitions(spark)));
        EvaluationReport r = result.report();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.COMPACT.writeValueAsString(r));
        } else {
            out.printf(Locale.ROOT, "evaluated %,d images in %.1f s: accuracy %.4f (%d/%d), top-%d %.4f; report in %s/%s%n",
                    r.images(), result.seconds(), r.accuracy(), r.correct(), r.images(), r.topK(), r.topKAccuracy(), job.output,
                    EvaluateJob.REPORT);
        }
        out.flush();
        if (result.failed() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "mnist-spark: %,d images could not be scored (unreadable, or without a label); the first:%n",
                    result.failed());
            result.failures().forEach(reason -> err.println("  " + reason));
            err.flush();
            return r.images() == 0 ? SparkMain.BAD_INPUT : SparkMain.SOME_INPUTS_FAILED;
        }
        if (minAccuracy != null && r.accuracy() < minAccuracy) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "mnist-spark: accuracy %.4f is below --min-accuracy %s%n", r.accuracy(), minAccuracy);
            err.flush();
            return SparkMain.BELOW_MIN_ACCURACY;
        }
        return 0;
    }
}
