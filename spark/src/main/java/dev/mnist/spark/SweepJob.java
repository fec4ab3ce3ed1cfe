package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.Json;
import dev.mnist.core.run.RunState;
import dev.mnist.core.sweep.Leaderboard;
import dev.mnist.core.sweep.Sweep;
import dev.mnist.core.sweep.SweepCurves;
import dev.mnist.core.sweep.SweepRunner;
import dev.mnist.core.train.TrainConfig;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code sweep} on Spark: each trial that has not ended yet is a task (one partition each), run on
 * an executor with {@code spark.task.cpus} threads unless its options name a count. The trials'
 * outcomes come back to the driver, which records them in {@code sweep.json} and makes the
 * leaderboard and the curves from the trials' run folders, as {@code mnist sweep} does.
 */
final class SweepJob {
    /** The sweep as it ended, its leaderboard, and the trials this job trained. */
    record Result(Sweep sweep, Leaderboard.Board board, int trained, double seconds) {
    }

    private SweepJob() {
    }

    /**
     * @param configs a trial's training settings, from its options
     * @param data    the training data's path, as the options give it (any file system's)
     */
    static Result run(SparkSession spark, SweepFolder folder, Sweep sweep, Function<Sweep.Trial, TrainConfig> configs, String data,
                      boolean evaluate) {
        long start = System.nanoTime();
        folder.removePartials();
        sweep = settled(folder, sweep);
        folder.write(sweep);
        int taskCpus = spark.sparkContext().conf().getInt("spark.task.cpus", 1);
        List<TrialTask.Work> work = new ArrayList<>();
        for (int i = 0; i < sweep.trials().size(); i++) {
            Sweep.Trial trial = sweep.trials().get(i);
            if (!SweepRunner.ended(trial)) {
                TrainConfig config = configs.apply(trial);
                // As a trial run K at a time with others: its share of the cores is the task's.
                config = config.threads() == 0 ? config.withThreads(taskCpus) : config;
                work.add(new TrialTask.Work(i, json(trial), json(config), data));
            }
        }
        if (!work.isEmpty()) {
            HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
            List<TrialTask.Outcome> outcomes = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(work, work.size())
                    .map(new TrialTask(files, folder.uri(), evaluate))
                    .collect();
            for (TrialTask.Outcome outcome : outcomes) {
                sweep = sweep.withTrial(outcome.index(), read(outcome.trialJson()));
            }
            folder.write(sweep);
        }
        return new Result(sweep, board(folder, sweep), work.size(), (System.nanoTime() - start) / 1e9);
    }

    /** The trials a stopped job trained but could not record, as their run folders say they ended. */
    private static Sweep settled(SweepFolder folder, Sweep sweep) {
        for (int i = 0; i < sweep.trials().size(); i++) {
            Sweep.Trial trial = sweep.trials().get(i);
            Optional<RunState.Status> ended = trial.status() == null ? folder.endedInFolder(trial) : Optional.empty();
            if (ended.isPresent()) {
                sweep = sweep.withTrial(i, trial.ended(ended.get().id(), null));
            }
        }
        return sweep;
    }

    /** The leaderboard of the trials' run folders, and the curves beside them. */
    private static Leaderboard.Board board(SweepFolder folder, Sweep sweep) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("mnist-sweep-");
            Path local = folder.local(sweep, scratch);
            Path curves = SweepCurves.write(local, sweep);
            folder.putFile(curves, SweepCurves.FILE);
            return Leaderboard.of(local, sweep);
        } catch (IOException e) {
            throw new InvalidInputException("cannot make a temporary folder for the leaderboard (" + e.getMessage() + ")", e);
        } finally {
            if (scratch != null) {
                FileUtil.fullyDelete(scratch.toFile());
            }
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Sweep.Trial read(String json) {
        try {
            return Json.MAPPER.readValue(json, Sweep.Trial.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
