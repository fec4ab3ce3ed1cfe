package dev.mnist.cli.mixin;

import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputContract;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code --prepare digit|plain} and {@code --no-preprocess}, for the commands that feed images to a
 * model: an explicit override of the preparation its input contract says.
 */
public class PreparationOption {
    @ArgGroup(exclusive = true)
    Choice choice = new Choice();

    static final class Choice {
        @Option(names = "--prepare", paramLabel = "digit|plain",
                description = "Override the model's preparation: digit (MNIST-style: gray, inverted on light paper, "
                        + "cropped, fitted in 20x20, centred by mass) or plain (only resized). Default: the model's own.")
        Preparation preparation;

        @Option(names = "--no-preprocess", description = "The same as --prepare plain.")
        boolean plain;
    }

    /** How images are prepared for this model: its contract's preparation, or the override. */
    public ImagePreparation preparationFor(Predictor predictor) {
        return ImagePreparation.of(apply(predictor.metadata().input()));
    }

    /** The model's input contract with the override applied, if any. */
    public InputContract apply(InputContract contract) {
        return contract.overriddenBy(choice.plain ? Preparation.PLAIN : choice.preparation);
    }
}
