package dev.mnist.cli;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.MnistException;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.RunState;
import dev.mnist.core.sweep.Leaderboard;
import dev.mnist.core.sweep.Sweep;
import dev.mnist.core.sweep.SweepCurves;
import dev.mnist.core.sweep.TrialEvaluation;
import dev.mnist.core.train.TrainConfig;
import dev.mnist.core.train.Trainer;
import dev.mnist.core.train.TrainingDivergedException;
import dev.mnist.core.train.TrainingListener;
import dev.mnist.core.train.TrainingStoppedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false, subcommands = SweepShowCommand.class,
        description = "Train one run per point of a grid: any train option, with a comma list for --lr, --batch-size, "
                + "--seed, --model, --optimizer, --lr-policy, --epochs, --weight-decay, --label-smoothing or the augmentation "
                + "options (--rotate, --shift, --scale, --noise, --flip, --crop-size), e.g. --lr 0.001,0.003,0.01 --seed 1,2 "
                + "(six trials).",
        footer = {"", "Each trial is an ordinary run folder under RUNS/NAME/ (resumable, evaluable, exportable); "
                + "RUNS/NAME/sweep.json records the grid and how each trial ended, RUNS/NAME/curves.png every trial's "
                + "validation accuracy. A trial that fails or diverges is recorded "
                + "with its reason and the sweep goes on. Ctrl-C or SIGTERM stops the sweep with the trial in progress "
                + "checkpointed; --resume RUNS/NAME keeps the finished and diverged trials and goes on with the others. The leaderboard goes to stdout at "
                + "the end; 'mnist sweep show RUNS/NAME' prints it again (--json, --csv)."})
final class SweepCommand implements Callable<Integer> {
    /** The train options a sweep may vary. */
    static final Set<String> AXES = Set.of("--lr", "--batch-size", "--seed", "--model", "--optimizer", "--lr-policy", "--epochs",
            "--weight-decay", "--rotate", "--shift", "--scale", "--noise", "--flip", "--crop-size", "--label-smoothing");
    /** A sweep names its trials' run folders itself. */
    private static final Set<String> OWN = Set.of("--run", "--runs", "--resume");
    private static final long STOP_GRACE_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "The sweep's folder under --runs.")
    String name;

    @Option(names = "--runs", defaultValue = RunFolder.DEFAULT_RUNS, paramLabel = "DIR",
            description = "Where the sweep's folder goes (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--resume", paramLabel = "DIR", description = "Go on with this sweep: its finished trials are kept.")
    Path resume;

    @Option(names = "--random", paramLabel = "N", description = "Train only N of the grid's points, drawn at random (seeded by --random-seed).")
    Integer random;

    @Option(names = "--random-seed", defaultValue = "42", paramLabel = "SEED", description = "Seed of --random's draw (default: ${DEFAULT-VALUE}).")
    long randomSeed;

    @Option(names = "--evaluate", description = "Score each trial's model on the data's test split (as 'mnist evaluate' does); "
            + "the leaderboard shows it.")
    boolean evaluate;

    @Unmatched
    List<String> trainArgs = new ArrayList<>();

    @Override
    public Integer call() {
        Terminal terminal = Terminal.of(spec);
        Path dir;
        Sweep sweep;
        if (resume != null) {
            if (name != null || !trainArgs.isEmpty() || random != null) {
                throw new ParameterException(spec.commandLine(), "--resume goes on with the sweep's own grid; give nothing else with it");
            }
            dir = resume;
            sweep = Sweep.read(dir);
        } else {
            if (name == null || !name.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}") || name.equals(RunFolder.LATEST)) {
                throw new ParameterException(spec.commandLine(), "--name NAME is needed: a plain folder name (letters, digits, "
                        + "'.', '_', '-')" + (name == null ? "" : ", not '" + name + "'"));
            }
            dir = runs.resolve(name);
            if (Files.exists(dir.resolve(Sweep.FILE))) {
                throw new InvalidInputException(dir + ": a sweep of that name exists; go on with it: mnist sweep --resume " + dir);
            }
            sweep = grid();
            if (random != null) {
                if (random < 1) {
                    throw new ParameterException(spec.commandLine(), "--random must be at least 1");
                }
                sweep = sweep.sample(random, randomSeed);
            }
            for (Sweep.Trial trial : sweep.trials()) {
                configOf(trial.args(sweep.trainArgs()));
            }
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new InvalidInputException(dir + ": cannot create the sweep's folder (" + e.getMessage() + ")", e);
            }
            sweep.write(dir);
        }
        Trainer trainer = new Trainer(TrainingListener.NONE);
        StopOnSignal onSignal = new StopOnSignal("mnist-stop-sweep", trainer::requestStop, STOP_GRACE_SECONDS);
        try {
            for (int i = 0; i < sweep.trials().size(); i++) {
                Sweep.Trial trial = sweep.trials().get(i);
                // A diverged trial would diverge again (training is deterministic); a failed one may not fail again.
                if (RunState.Status.FINISHED.id().equals(trial.status()) || RunState.Status.DIVERGED.id().equals(trial.status())) {
                    continue;
                }
                terminal.info("trial %d/%d: %s", i + 1, sweep.trials().size(), trial.name());
                Sweep.Trial ended;
                try {
                    run(trainer, dir, sweep, trial);
                    if (evaluate) {
                        TrialEvaluation.run(new RunFolder(dir.resolve(trial.name())), configOf(trial.args(sweep.trainArgs())).data());
                    }
                    ended = trial.ended(RunState.Status.FINISHED.id(), null);
                } catch (TrainingStoppedException e) {
                    sweep = sweep.withTrial(i, trial.ended(RunState.Status.STOPPED.id(), e.getMessage()));
                    sweep.write(dir);
                    return StopOnSignal.stopped(spec, new MnistException("sweep stopped in trial " + trial.name()
                            + "; go on with: mnist sweep --resume " + dir));
                } catch (TrainingDivergedException e) {
                    ended = trial.ended(RunState.Status.DIVERGED.id(), e.getMessage());
                } catch (MnistException e) {
                    ended = trial.ended(RunState.Status.FAILED.id(), e.getMessage());
                }
                if (ended.reason() != null) {
                    terminal.info("trial %s %s: %s", trial.name(), ended.status(), ended.reason());
                }
                sweep = sweep.withTrial(i, ended);
                sweep.write(dir);
                SweepCurves.write(dir, sweep);
            }
        } finally {
            onSignal.finished();
        }
        SweepShowCommand.printText(Leaderboard.of(dir, sweep), terminal.out());
        terminal.out().flush();
        return ExitCode.OK;
    }

    /** Trains the trial, or resumes it where a stopped sweep left it. */
    private void run(Trainer trainer, Path dir, Sweep sweep, Sweep.Trial trial) {
        Path folder = dir.resolve(trial.name());
        if (Files.isRegularFile(folder.resolve(RunFolder.RUN_JSON))) {
            trainer.resume(folder, 0);
        } else {
            trainer.train(configOf(trial.args(sweep.trainArgs())), dir, trial.name());
        }
    }

    private TrainConfig configOf(List<String> args) {
        try {
            return TrainCommand.configOf(args);
        } catch (ParameterException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The train options, with each of {@link #AXES} given a comma list taken out as an axis of the grid. */
    private Sweep grid() {
        List<String> shared = new ArrayList<>();
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (int i = 0; i < trainArgs.size(); i++) {
            String arg = trainArgs.get(i);
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (OWN.contains(option)) {
                throw new ParameterException(spec.commandLine(), option + " is the sweep's: its trials are " + runs + "/NAME/<trial>");
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : i + 1 < trainArgs.size() ? trainArgs.get(i + 1) : null;
            if (AXES.contains(option) && value != null && value.contains(",")) {
                if (axes.containsKey(option)) {
                    throw new ParameterException(spec.commandLine(), option + " is given twice");
                }
                List<String> values = List.of(value.split(",", -1));
                if (values.stream().anyMatch(String::isBlank) || values.stream().distinct().count() != values.size()) {
                    throw new ParameterException(spec.commandLine(), option + " " + value + ": the values must be distinct and not empty");
                }
                axes.put(option, values);
                if (!arg.contains("=")) {
                    i++;
                }
            } else {
                shared.add(arg);
            }
        }
        if (axes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "nothing to sweep: give one of " + String.join(" ", AXES.stream().sorted().toList())
                    + " a comma list, e.g. --lr 0.001,0.01");
        }
        return Sweep.of(name, shared, axes);
    }
}
