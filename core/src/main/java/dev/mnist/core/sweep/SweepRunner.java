package dev.mnist.core.sweep;

import dev.mnist.core.run.RunState;
import dev.mnist.core.train.TrainConfig;
import dev.mnist.core.train.Trainer;
import dev.mnist.core.train.TrainingListener;
import dev.mnist.core.train.TrainingStoppedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a sweep's trials that have not ended yet in its folder, one after another or {@code parallel}
 * at once, each trial then on its share of the cores (unless its options name a thread count).
 * {@code sweep.json} and {@code curves.png} are brought up to date as each trial ends. Finished and
 * diverged trials are kept: training is deterministic, so a diverged trial would diverge again; a
 * failed one runs again.
 */
public final class SweepRunner {
    /** What a sweep's user sees: each trial as it starts, and as it ends. */
    public interface Listener {
        void started(Sweep.Trial trial, int number, int of);

        void ended(Sweep.Trial trial);
    }

    /** The sweep as it ended; {@code stopped} when it was asked to stop before all its trials ran. */
    public record Result(Sweep sweep, boolean stopped, List<String> stoppedTrials) {
    }

    private final Path dir;
    private final Function<Sweep.Trial, TrainConfig> configs;
    private final boolean evaluate;
    private final int parallel;
    private final Listener listener;
    private final Set<Trainer> training = ConcurrentHashMap.newKeySet();
    private final List<String> stoppedTrials = new ArrayList<>();
    private volatile boolean stopRequested;
    private Sweep sweep;

    /** {@code configs}: a trial's training settings, from its options. */
    public SweepRunner(Path dir, Function<Sweep.Trial, TrainConfig> configs, boolean evaluate, int parallel, Listener listener) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        this.dir = dir;
        this.configs = configs;
        this.evaluate = evaluate;
        this.parallel = parallel;
        this.listener = listener;
    }

    /** Whether a trial that ended so is kept as it is when its sweep goes on. */
    public static boolean ended(Sweep.Trial trial) {
        return RunState.Status.FINISHED.id().equals(trial.status()) || RunState.Status.DIVERGED.id().equals(trial.status());
    }

    /** The thread count of a trial run {@code atOnce} with others on {@code cores} cores: its own, or its share. */
    public static TrainConfig shareOfCores(TrainConfig config, int atOnce, int cores) {
        return config.threads() == 0 && atOnce > 1 ? config.withThreads(Math.max(1, cores / atOnce)) : config;
    }

    public Result run(Sweep toRun) {
        sweep = toRun;
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < toRun.trials().size(); i++) {
            if (!ended(toRun.trials().get(i))) {
                pending.add(i);
            }
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, pending.size())),
                task -> new Thread(task, "mnist-trial-" + threadNumber.incrementAndGet()));
        try {
            List<Future<?>> trials = new ArrayList<>();
            for (int index : pending) {
                trials.add(pool.submit(() -> runTrial(index)));
            }
            for (Future<?> trial : trials) {
                awaitTrial(trial);
            }
        } finally {
            pool.shutdownNow();
        }
        synchronized (this) {
            return new Result(sweep, stopRequested || !stoppedTrials.isEmpty(), List.copyOf(stoppedTrials));
        }
    }

    /**
     * Asks the trials in training to stop after their batch in progress, with a checkpoint, and the
     * others not to start. Safe to call from any thread, e.g. a signal's shutdown hook.
     */
    public void requestStop() {
        stopRequested = true;
        training.forEach(Trainer::requestStop);
    }

    private void runTrial(int index) {
        if (stopRequested) {
            return;
        }
        Sweep.Trial trial;
        synchronized (this) {
            trial = sweep.trials().get(index);
        }
        listener.started(trial, index + 1, sweep.trials().size());
        Trainer trainer = new Trainer(TrainingListener.NONE);
        training.add(trainer);
        if (stopRequested) {
            trainer.requestStop();
        }
        Sweep.Trial ended;
        try {
            TrainConfig config = shareOfCores(configs.apply(trial), parallel, Runtime.getRuntime().availableProcessors());
            ended = TrialRun.run(trainer, dir, trial, config, evaluate);
        } catch (TrainingStoppedException e) {
            ended = trial.ended(RunState.Status.STOPPED.id(), e.getMessage());
            synchronized (this) {
                stoppedTrials.add(trial.name());
            }
        } finally {
            training.remove(trainer);
        }
        record(index, ended);
    }

    private synchronized void record(int index, Sweep.Trial ended) {
        sweep = sweep.withTrial(index, ended);
        sweep.write(dir);
        SweepCurves.write(dir, sweep);
        listener.ended(ended);
    }

    private static void awaitTrial(Future<?> trial) {
        try {
            trial.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sweep's trials ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
