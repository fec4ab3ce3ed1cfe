package dev.mnist.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Make and explore data set stores, as DIGITS' New dataset and Explore the db do.",
        subcommands = {DatasetCreateCommand.class, DatasetShowCommand.class},
        footer = {"", "A store holds every image resized and prepared once, split into train, val and test; "
                + "'mnist train --data STORE' reads it from disk as it trains."})
final class DatasetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
