package dev.mnist.cli.mixin;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --data}, for the commands that read a labelled data set. */
public class DataOption {
    @Option(names = "--data", defaultValue = "data/mnist", paramLabel = "DIR",
            description = "IDX folder, converted PNG folder, or class folders of images (default: ${DEFAULT-VALUE}).")
    private Path data;

    public Path path() {
        return data;
    }
}
