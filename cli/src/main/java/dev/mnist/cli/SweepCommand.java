package dev.mnist.cli;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.MnistException;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.sweep.Leaderboard;
import dev.mnist.core.sweep.Sweep;
import dev.mnist.core.sweep.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false, subcommands = SweepShowCommand.class,
        description = "Train one run per point of a grid: any train option, with a comma list for --lr, --batch-size, "
                + "--seed, --model, --optimizer, --lr-policy, --epochs, --weight-decay, --label-smoothing or the augmentation "
                + "options (--rotate, --shift, --scale, --noise, --flip, --crop-size), e.g. --lr 0.001,0.003,0.01 --seed 1,2 "
                + "(six trials).",
        footer = {"", "Each trial is an ordinary run folder under RUNS/NAME/ (resumable, evaluable, exportable); "
                + "RUNS/NAME/sweep.json records the grid and how each trial ended, RUNS/NAME/curves.png every trial's "
                + "validation accuracy. A trial that fails or diverges is recorded "
                + "with its reason and the sweep goes on. Ctrl-C or SIGTERM stops the sweep with the trials in progress "
                + "checkpointed; --resume RUNS/NAME keeps the finished and diverged trials and goes on with the others. The leaderboard goes to stdout at "
                + "the end; 'mnist sweep show RUNS/NAME' prints it again (--json, --csv)."})
final class SweepCommand implements Callable<Integer> {
    private static final long STOP_GRACE_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Mixin
    SweepOptions sweepOptions;

    @Unmatched
    List<String> trainArgs = new ArrayList<>();

    @Option(names = "--runs", defaultValue = RunFolder.DEFAULT_RUNS, paramLabel = "DIR",
            description = "Where the sweep's folder goes (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--resume", paramLabel = "DIR", description = "Go on with this sweep: its finished trials are kept.")
    Path resume;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "K",
            description = "Train K trials at once, each on its share of the cores unless --threads says (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Override
    public Integer call() {
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1");
        }
        Terminal terminal = Terminal.of(spec);
        Path dir;
        Sweep sweep;
        if (resume != null) {
            sweepOptions.checkAloneWithResume(spec, trainArgs);
            dir = resume;
            sweep = Sweep.read(dir);
        } else {
            sweep = sweepOptions.grid(spec, trainArgs);
            dir = runs.resolve(sweepOptions.name());
            if (Files.exists(dir.resolve(Sweep.FILE))) {
                throw new InvalidInputException(dir + ": a sweep of that name exists; go on with it: mnist sweep --resume " + dir);
            }
            for (Sweep.Trial trial : sweep.trials()) {
                SweepOptions.trialConfig(spec, sweep, trial);
            }
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new InvalidInputException(dir + ": cannot create the sweep's folder (" + e.getMessage() + ")", e);
            }
            sweep.write(dir);
        }
        Sweep toRun = sweep;
        SweepRunner runner = new SweepRunner(dir, trial -> SweepOptions.trialConfig(spec, toRun, trial), sweepOptions.evaluate(), parallel, new SweepRunner.Listener() {
            @Override
            public void started(Sweep.Trial trial, int number, int of) {
                terminal.info("trial %d/%d: %s", number, of, trial.name());
            }

            @Override
            public void ended(Sweep.Trial trial) {
                terminal.info("trial %s: %s%s", trial.name(), trial.status(), trial.reason() == null ? "" : ": " + trial.reason());
            }
        });
        StopOnSignal onSignal = new StopOnSignal("mnist-stop-sweep", runner::requestStop, STOP_GRACE_SECONDS);
        SweepRunner.Result result;
        try {
            result = runner.run(toRun);
            if (result.stopped()) {
                return StopOnSignal.stopped(spec, new MnistException("sweep stopped"
                        + (result.stoppedTrials().isEmpty() ? "" : " in trial " + String.join(", ", result.stoppedTrials()))
                        + "; go on with: mnist sweep --resume " + dir));
            }
        } finally {
            onSignal.finished();
        }
        LeaderboardText.print(Leaderboard.of(dir, result.sweep()), terminal.out());
        terminal.out().flush();
        return ExitCode.OK;
    }
}
