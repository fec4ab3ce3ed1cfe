package dev.mnist.cli;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.board.Board;
import dev.mnist.core.run.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "board", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Watch and compare training runs in the browser: the runs, each run's curves growing live, "
                + "its evaluation and checkpoints, runs side by side, the data sets they used, and a page to classify with a run.",
        footer = {"",
                "Read-only: it never writes into a run or data folder. Runs are the folders of each --runs folder; "
                        + "a run started while the board is open appears by itself.",
                "",
                "GET  /                     the board: runs, a run, compare, data sets, classify",
                "GET  /api/runs             the runs listing (JSON); /api/events pushes it as it",
                "                           changes (server-sent events)",
                "GET  /api/runs/NAME        a run: run.json, epochs, evaluation, checkpoints,",
                "                           commands",
                "GET  /api/runs/NAME/steps  training records, downsampled (?max=2000)",
                "GET  /api/runs/NAME/events new records, epochs and state as they come (SSE)",
                "GET  /api/datasets         the data sets; /api/datasets/ID: their counts, mean",
                "                           image and samples",
                "     /classify/NAME/       serve's drawing page and API, with the run's model",
                "",
                "Ctrl-C or SIGTERM stops it (exit 130 or 143)."})
final class BoardCommand implements Callable<Integer> {
    private static final long STOP_GRACE_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", paramLabel = "DIR",
            description = "A folder of runs, as 'mnist train --runs' writes (repeatable; default: " + RunFolder.DEFAULT_RUNS + ").")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--data", paramLabel = "DIR",
            description = "Also list this data set (repeatable); those the runs used are listed anyway.")
    List<Path> data = new ArrayList<>();

    @Option(names = "--port", defaultValue = "8090", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "Also answer requests for this host name (repeatable), as 'serve' does.")
    List<String> allowedHosts = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0-65535, not " + port);
        }
        List<Path> roots = runs.isEmpty() ? List.of(Path.of(RunFolder.DEFAULT_RUNS)) : runs;
        Terminal terminal = Terminal.of(spec);
        for (Path root : roots) {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new InvalidInputException(root + ": not a folder of runs");
            }
            if (!Files.exists(root)) {
                terminal.info("%s: no such folder yet; its runs appear as they are trained", root);
            }
        }
        Board board = new Board(roots, data, host, port, allowedHosts, line -> terminal.info("%s", line)).start();
        StopOnSignal onSignal = new StopOnSignal("mnist-stop-board", board::stop, STOP_GRACE_SECONDS);
        terminal.info("board of %s; Ctrl-C stops", String.join(", ", roots.stream().map(Path::toString).toList()));
        terminal.out().println(Terminal.address(board.uri()));
        terminal.out().flush();
        board.join();
        onSignal.finished();
        return ExitCode.INTERRUPTED;
    }
}
