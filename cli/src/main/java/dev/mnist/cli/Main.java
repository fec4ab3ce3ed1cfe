package dev.mnist.cli;

import dev.mnist.cli.mixin.OutputOptions;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;

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
        // An empty argument (an unset shell variable) would name the working folder: refused instead.
        commandLine.registerConverter(Path.class, value -> {
            if (value.isEmpty()) {
                throw new CommandLine.TypeConversionException("an empty path names no file or folder (use . for this folder)");
            }
            return Path.of(value);
        });
        // "@list.txt" is classify's list of images, not picocli's argument file.
        commandLine.setExpandAtFiles(false);
        commandLine.setExecutionStrategy(parseResult -> {
            OutputOptions output = ((MnistCommand) commandLine.getCommand()).output;
            if (output.verbose() && output.quiet()) {
                CommandLine last = parseResult.asCommandLineList().get(parseResult.asCommandLineList().size() - 1);
                throw new CommandLine.ParameterException(last, "--verbose and --quiet cannot be used together");
            }
            refuseEmptyArguments(parseResult);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** An empty argument (an unset shell variable) names no path, mirror, host or image: refused, not taken as "here". */
    private static void refuseEmptyArguments(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult command : parsed.asCommandLineList().stream().map(CommandLine::getParseResult).toList()) {
            for (CommandLine.Model.ArgSpec arg : command.matchedArgs()) {
                if (arg.originalStringValues().stream().anyMatch(String::isEmpty)) {
                    String name = arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
                    throw new CommandLine.ParameterException(command.commandSpec().commandLine(),
                            name + " is empty: an empty argument names nothing (use . for this folder)");
                }
            }
        }
    }
}
