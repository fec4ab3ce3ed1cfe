package dev.mnist.cli;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.MnistException;
import dev.mnist.core.data.download.DownloadException;
import dev.mnist.core.train.DeviceUnavailableException;
import dev.mnist.core.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Turns every failure into one line on stderr ({@code mnist: error: ...}) and an exit code.
 * The stack trace is printed only with {@code --verbose}.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        // picocli's own messages for some mistakes (exclusive options) begin with "Error: ".
        err.println("mnist: error: " + e.getMessage().replaceFirst("^Error: ", "") + suggestion(e));
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }

    /** For a mistyped option or command, the nearest names picocli knows ({@code --epoch}: {@code --epochs}). */
    private static String suggestion(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            List<String> names = unmatched.getSuggestions().stream().limit(3).map(name -> "'" + name + "'").toList();
            return "; did you mean " + String.join(" or ", names) + "?";
        }
        return "";
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        int code = exitCode(e);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (code == ExitCode.SOFTWARE && !(e instanceof MnistException) && !(e instanceof UncheckedIOException)) {
            message = "unexpected " + e.getClass().getSimpleName() + ": " + message;
        }
        err.println("mnist: error: " + Printable.lines(message));
        if (verbose(command)) {
            e.printStackTrace(err);
        } else if (code == ExitCode.SOFTWARE) {
            err.println("Run again with --verbose for the stack trace.");
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof InvalidInputException) {
            return ExitCode.BAD_INPUT;
        }
        if (e instanceof DownloadException) {
            return ExitCode.DOWNLOAD_FAILED;
        }
        if (e instanceof DeviceUnavailableException) {
            return ExitCode.DEVICE_UNAVAILABLE;
        }
        if (e instanceof TrainingDivergedException) {
            return ExitCode.DIVERGED;
        }
        return ExitCode.SOFTWARE;
    }

    private static boolean verbose(CommandLine command) {
        return MnistCommand.output(command.getCommandSpec()).verbose();
    }
}
