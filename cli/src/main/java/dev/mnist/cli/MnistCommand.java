package dev.mnist.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "mnist",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "The whole hello-world of deep learning as shell commands:%n"
                + "download -> convert -> train -> evaluate -> classify -> serve.",
        subcommands = {DownloadCommand.class, ConvertCommand.class, TrainCommand.class, EvaluateCommand.class,
                ClassifyCommand.class, InspectCommand.class, ServeCommand.class},
        footer = {"", "Run 'mnist COMMAND --help' for a command's options."})
public final class MnistCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
