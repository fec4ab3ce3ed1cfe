package dev.mnist.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Make and explore data set stores, as DIGITS' New dataset and Explore the db do.",
        subcommands = {DatasetCreateCommand.class, DatasetShowCommand.class},
        footer = {"", "A store holds every image resized and prepared once, split into train, val and test; "
                + "'mnist train --data STORE' reads it from disk as it trains."})
final class DatasetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** No command named: the usage, on stderr as for any usage error (exit 2), so that a script's typo fails. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return ExitCode.USAGE;
    }
}
