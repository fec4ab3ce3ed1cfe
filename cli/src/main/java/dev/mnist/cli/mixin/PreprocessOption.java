package dev.mnist.cli.mixin;

import dev.mnist.core.infer.Predictor;
import dev.mnist.core.infer.Preprocessing;
import picocli.CommandLine.Option;

/** {@code --no-preprocess}, for the commands that feed images to a model. */
public class PreprocessOption {
    @Option(names = "--no-preprocess", description = "Feed each image as it is, only resized to the model's input.")
    private boolean asIs;

    /** How images are prepared for this model: MNIST-style digit preparation unless --no-preprocess. */
    public Preprocessing forModel(Predictor predictor) {
        return Preprocessing.forModel(predictor.metadata().inputShape(), asIs);
    }
}
