package dev.mnist.cli;

import dev.mnist.core.sweep.Sweep;
import dev.mnist.core.sweep.SweepGrid;
import dev.mnist.core.train.TrainConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.util.List;

/**
 * The options 'mnist sweep' and 'mnist-spark sweep' share (a mixin): the grid's name, --random's
 * draw, --evaluate; and the grid they make of the train options (each command's unmatched
 * arguments: picocli takes those in the command only), each trial's read as 'mnist train' reads them.
 */
public final class SweepOptions {
    @Option(names = "--name", paramLabel = "NAME", description = "The sweep's folder under --runs.")
    String name;

    @Option(names = "--random", paramLabel = "N", description = "Train only N of the grid's points, drawn at random (seeded by --random-seed).")
    Integer random;

    @Option(names = "--random-seed", defaultValue = "42", paramLabel = "SEED", description = "Seed of --random's draw (default: ${DEFAULT-VALUE}).")
    long randomSeed;

    @Option(names = "--evaluate", description = "Score each trial's model on the data's test split (as 'mnist evaluate' does); "
            + "the leaderboard shows it.")
    boolean evaluate;

    public String name() {
        return name;
    }

    public boolean evaluate() {
        return evaluate;
    }

    /** Refuses a new grid's options beside --resume, which goes on with the sweep's own. */
    public void checkAloneWithResume(CommandSpec spec, List<String> trainArgs) {
        if (name != null || !trainArgs.isEmpty() || random != null) {
            throw new ParameterException(spec.commandLine(), "--resume goes on with the sweep's own grid; give nothing else with it");
        }
    }

    /** The grid, or --random points of it. */
    public Sweep grid(CommandSpec spec, List<String> trainArgs) {
        try {
            return SweepGrid.of(name, trainArgs, random, randomSeed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** A trial's training settings, read from its options as 'mnist train' reads them; a bad one is {@code spec}'s usage error. */
    public static TrainConfig trialConfig(CommandSpec spec, Sweep sweep, Sweep.Trial trial) {
        try {
            return TrainCommand.configOf(trial.args(sweep.trainArgs()));
        } catch (ParameterException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
