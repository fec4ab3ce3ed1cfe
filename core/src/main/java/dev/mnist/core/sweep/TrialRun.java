package dev.mnist.core.sweep;

import dev.mnist.core.nd4j.ComputeThreads;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.RunState;
import dev.mnist.core.train.TrainConfig;
import dev.mnist.core.train.Trainer;
import dev.mnist.core.train.TrainingDivergedException;
import dev.mnist.core.train.TrainingStoppedException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One trial of a sweep, trained into its run folder {@code <sweep>/<trial>} (or resumed there,
 * where a stopped sweep left it) and, with {@code evaluate}, scored on its data's test split.
 */
public final class TrialRun {
    private TrialRun() {
    }

    /**
     * The trial as it ended: finished, diverged, or failed with its reason (a trial's failure is its
     * row's, not the sweep's).
     *
     * @throws TrainingStoppedException when {@code trainer} was asked to stop; the trial is checkpointed
     */
    public static Sweep.Trial run(Trainer trainer, Path sweepDir, Sweep.Trial trial, TrainConfig config, boolean evaluate) {
        Path folder = sweepDir.resolve(trial.name());
        try {
            if (Files.isRegularFile(folder.resolve(RunFolder.RUN_JSON))) {
                trainer.resume(folder, 0);
            } else {
                trainer.train(config, sweepDir, trial.name());
            }
            if (evaluate) {
                try (ComputeThreads.Limit threads = ComputeThreads.limit(config.threads())) {
                    TrialEvaluation.run(new RunFolder(folder), config.data());
                }
            }
            return trial.ended(RunState.Status.FINISHED.id(), null);
        } catch (TrainingStoppedException e) {
            throw e;
        } catch (TrainingDivergedException e) {
            return trial.ended(RunState.Status.DIVERGED.id(), e.getMessage());
        } catch (RuntimeException e) {
            return trial.ended(RunState.Status.FAILED.id(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
