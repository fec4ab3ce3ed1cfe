package dev.mnist.spark;

import dev.mnist.cli.LeaderboardText;
import dev.mnist.cli.SweepOptions;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.sweep.Sweep;
import dev.mnist.core.train.TrainConfig;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = SparkMain.Version.class,
        description = "Train one run per point of a grid, each trial a Spark task on an executor: the options of 'mnist sweep' "
                + "(any train option, with a comma list for --lr, --batch-size, --seed, --model, --optimizer, --lr-policy, --epochs, "
                + "--weight-decay, --label-smoothing or the augmentation options), e.g. --lr 0.001,0.003,0.01 --seed 1,2.",
        footer = {"", "--data is a folder every executor reaches: a local path (a shared mount; relative paths are the driver's), "
                + "or any file system Spark's Hadoop layer reads (hdfs:, s3a:), copied once to each executor. The sweep's folder "
                + "RUNS/NAME is on the output file system, as 'mnist sweep' makes it: sweep.json, curves.png and a run folder per "
                + "trial, each written whole once its trial ends; 'mnist sweep show' and 'mnist board' open it. A trial that "
                + "fails or diverges is a row with its reason; a lost executor's trial is run again by Spark. --resume RUNS/NAME "
                + "keeps the trials that ended and trains the others from the start. Each trial trains on spark.task.cpus "
                + "threads unless --threads says."})
final class SweepCommand implements Callable<Integer>, SparkMain.KeepsWork {
    @Spec
    CommandSpec spec;

    @Mixin
    SweepOptions sweepOptions;

    @Unmatched
    List<String> trainArgs = new ArrayList<>();

    @Option(names = "--runs", defaultValue = "runs", paramLabel = "DIR",
            description = "Where the sweep's folder goes, on any file system Spark reaches (default: ${DEFAULT-VALUE}).")
    String runs;

    @Option(names = "--resume", paramLabel = "DIR", description = "Go on with this sweep: the trials that ended are kept.")
    String resume;

    /** The sweep's folder, once its sweep.json is written. */
    private volatile String started;

    @Override
    public String keptOnStop() {
        return started == null ? null : "the trials that ended are kept in " + HadoopFiles.display(started)
                + "; go on with: mnist-spark sweep --resume " + started;
    }

    @Override
    public Integer call() {
        Sweep sweep;
        String dir;
        if (resume != null) {
            sweepOptions.checkAloneWithResume(spec, trainArgs);
            dir = resume;
            sweep = null;
        } else {
            sweep = sweepOptions.grid(spec, trainArgs);
            dir = runs.endsWith("/") ? runs + sweepOptions.name() : runs + "/" + sweepOptions.name();
        }
        SparkSession spark = SparkSession.builder().appName("mnist sweep").getOrCreate();
        SweepFolder folder = new SweepFolder(dir, spark.sparkContext().hadoopConfiguration());
        if (sweep == null) {
            sweep = folder.read();
        } else if (folder.holdsASweep()) {
            throw new InvalidInputException(dir + ": a sweep of that name exists; go on with it: mnist-spark sweep --resume " + dir);
        }
        Sweep grid = sweep;
        String data = data(grid.trainArgs());
        for (Sweep.Trial trial : grid.trials()) {
            SweepOptions.trialConfig(spec, grid, trial);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "mnist-spark: sweep %s: %d trials on Spark%n", grid.name(), grid.trials().size());
        err.flush();
        started = dir;
        SweepJob.Result result = SweepJob.run(spark, folder, grid, trial -> SweepOptions.trialConfig(spec, grid, trial), data,
                sweepOptions.evaluate());
        for (Sweep.Trial trial : result.sweep().trials()) {
            if (trial.reason() != null) {
                err.printf(Locale.ROOT, "mnist-spark: trial %s: %s: %s%n", trial.name(), trial.status(), trial.reason());
            }
        }
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        LeaderboardText.print(result.board(), out);
        out.flush();
        err.printf(Locale.ROOT, "mnist-spark: trained %d trials in %.1f s; the sweep is in %s%n", result.trained(), result.seconds(),
                HadoopFiles.display(dir));
        err.flush();
        return 0;
    }

    /**
     * The trials' data as the options name it (the last --data, as picocli reads it), a local path
     * made absolute: an executor's working folder is not the driver's.
     */
    static String data(List<String> trainArgs) {
        String data = TrainConfig.DEFAULT_DATA.toString();
        for (int i = 0; i < trainArgs.size(); i++) {
            if (trainArgs.get(i).equals("--data") && i + 1 < trainArgs.size()) {
                data = trainArgs.get(++i);
            } else if (trainArgs.get(i).startsWith("--data=")) {
                data = trainArgs.get(i).substring("--data=".length());
            }
        }
        return TrialData.remote(data) ? data : java.nio.file.Path.of(HadoopFiles.path(data).toUri().getPath()).toAbsolutePath().toString();
    }
}
