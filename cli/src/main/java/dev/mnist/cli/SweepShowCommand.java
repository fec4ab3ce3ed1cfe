package dev.mnist.cli;

import dev.mnist.core.io.Json;
import dev.mnist.core.sweep.Leaderboard;
import dev.mnist.core.sweep.Sweep;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print a sweep's leaderboard: a row per trial with the settings that vary, best validation accuracy, "
                + "final validation loss, test accuracy (with sweep --evaluate), epochs, time and how it ended, the best first; trials that differ only by --seed "
                + "grouped (median and range).")
final class SweepShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "A sweep's folder (RUNS/NAME).")
    Path dir;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "One JSON document.")
        boolean json;

        @Option(names = "--csv", description = "CSV: a row per trial.")
        boolean csv;
    }

    @Override
    public Integer call() throws Exception {
        Leaderboard.Board board = Leaderboard.of(dir, Sweep.read(dir));
        PrintWriter out = spec.commandLine().getOut();
        if (format.json) {
            out.println(Json.COMPACT.writeValueAsString(board));
        } else if (format.csv) {
            LeaderboardText.printCsv(board, out);
        } else {
            LeaderboardText.print(board, out);
        }
        out.flush();
        return ExitCode.OK;
    }
}
