package dev.mnist.cli;

import dev.mnist.cli.mixin.OutputOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "mnist",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "The whole hello-world of deep learning as shell commands:%n"
                + "download -> convert -> train -> evaluate -> classify -> serve.",
        subcommands = {DownloadCommand.class, ConvertCommand.class, DatasetCommand.class, TrainCommand.class, LrFindCommand.class,
                EvaluateCommand.class,
                ClassifyCommand.class, InspectCommand.class, ServeCommand.class, BoardCommand.class, SweepCommand.class, ModelsCommand.class, ExportCommand.class,
                CompletionCommand.class},
        footer = {"", "Run 'mnist COMMAND --help' for a command's options."})
public final class MnistCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** -v/--verbose and -q/--quiet, accepted here and by every subcommand. */
    @Mixin
    OutputOptions output = new OutputOptions();

    /** The output options of the command line {@code spec} belongs to. */
    static OutputOptions output(CommandSpec spec) {
        return spec.root().userObject() instanceof MnistCommand root ? root.output : new OutputOptions();
    }

    /** No command named: the usage, on stderr as for any usage error (exit 2), so that a script's typo fails. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return ExitCode.USAGE;
    }
}
