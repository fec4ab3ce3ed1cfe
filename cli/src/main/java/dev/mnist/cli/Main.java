package dev.mnist.cli;

import dev.mnist.cli.mixin.OutputOptions;
import picocli.CommandLine;

import java.io.PrintWriter;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line, writing to the given streams; the entry point tests use. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        if (System.getProperty(OutputOptions.LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(OutputOptions.LOG_LEVEL_PROPERTY, "warn");
            // ND4J warns about its own op registry on every start; only --verbose shows it.
            System.setProperty(OutputOptions.ND4J_LOG_LEVEL_PROPERTY, "error");
        }
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new MnistCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(new ErrorHandler());
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // "@list.txt" is classify's list of images, not picocli's argument file.
        commandLine.setExpandAtFiles(false);
        commandLine.setExecutionStrategy(parseResult -> {
            OutputOptions output = ((MnistCommand) commandLine.getCommand()).output;
            if (output.verbose() && output.quiet()) {
                CommandLine last = parseResult.asCommandLineList().get(parseResult.asCommandLineList().size() - 1);
                throw new CommandLine.ParameterException(last, "--verbose and --quiet cannot be used together");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }
}
