package dev.mnist.cli;

import dev.mnist.core.train.TrainConfig;

import java.util.List;

/** Train options read as 'mnist train' reads them: what each trial of 'mnist sweep' and 'mnist-spark sweep' trains. */
public final class TrainArguments {
    private TrainArguments() {
    }

    /** @throws picocli.CommandLine.ParameterException for options 'mnist train' would refuse */
    public static TrainConfig parse(List<String> args) {
        return TrainCommand.configOf(args);
    }
}
