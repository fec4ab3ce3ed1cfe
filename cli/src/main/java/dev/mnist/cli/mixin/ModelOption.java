package dev.mnist.cli.mixin;

import dev.mnist.core.run.RunFolder;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --model}, for the commands that use a trained model. */
public class ModelOption {
    @Option(names = "--model", defaultValue = RunFolder.DEFAULT_MODEL, paramLabel = "PATH",
            description = "Model zip, or a run folder for its model.zip (default: ${DEFAULT-VALUE}).")
    private Path model;

    public Path path() {
        return model;
    }
}
