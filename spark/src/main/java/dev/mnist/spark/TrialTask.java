package dev.mnist.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnist.core.io.Json;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.RunState;
import dev.mnist.core.sweep.Sweep;
import dev.mnist.core.sweep.TrialRun;
import dev.mnist.core.train.TrainConfig;
import dev.mnist.core.train.Trainer;
import dev.mnist.core.train.TrainingListener;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One trial of a sweep as a Spark task: trained (and scored, with {@code --evaluate}) into a
 * temporary folder on the executor, then put in the sweep's folder on the output file system. A
 * trial that fails is its outcome, not the task's failure; a task whose executor is lost is run
 * again by Spark, from the start.
 */
final class TrialTask implements Function<TrialTask.Work, TrialTask.Outcome> {
    private static final long serialVersionUID = 1L;

    /** A trial to train: its place in the sweep, the trial and its settings as JSON, and where its data is. */
    record Work(int index, String trialJson, String configJson, String data) implements Serializable {
    }

    /** How it ended, as JSON of the trial with its status and reason. */
    record Outcome(int index, String trialJson) implements Serializable {
    }

    private final HadoopFiles files;
    private final String sweep;
    private final boolean evaluate;

    TrialTask(HadoopFiles files, String sweep, boolean evaluate) {
        this.files = files;
        this.sweep = sweep;
        this.evaluate = evaluate;
    }

    @Override
    public Outcome call(Work work) throws IOException {
        Sweep.Trial trial = Json.MAPPER.readValue(work.trialJson(), Sweep.Trial.class);
        Path scratch = Files.createTempDirectory("mnist-trial-");
        Sweep.Trial ended;
        try {
            TrainConfig config = Json.MAPPER.readValue(work.configJson(), TrainConfig.class);
            config = config.toBuilder().data(TrialData.local(work.data(), files.conf())).build();
            ended = TrialRun.run(new Trainer(TrainingListener.NONE), scratch, trial, config, evaluate);
            Path trained = scratch.resolve(trial.name());
            if (Files.isDirectory(trained)) {
                recordPlace(new RunFolder(trained), HadoopFiles.display(sweep + "/" + trial.name()));
                TaskContext task = TaskContext.get();
                new SweepFolder(sweep, files.conf()).put(trained, trial.name(), task == null ? 0 : task.taskAttemptId());
            }
        } catch (RuntimeException e) {
            ended = trial.ended(RunState.Status.FAILED.id(), e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            FileUtil.fullyDelete(scratch.toFile());
        }
        try {
            return new Outcome(work.index(), Json.MAPPER.writeValueAsString(ended));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run's record names the folder it will be in, not the executor's temporary one. */
    private static void recordPlace(RunFolder run, String place) {
        if (run.hasRun()) {
            ObjectNode record = run.readRun(ObjectNode.class);
            record.put("dir", place);
            run.writeRun(record);
        }
    }
}
