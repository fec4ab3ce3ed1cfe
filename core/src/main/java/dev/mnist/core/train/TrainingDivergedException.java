package dev.mnist.core.train;

import dev.mnist.core.MnistException;

/**
 * The loss became NaN or infinite: the weights are ruined, so training stops there and saves
 * nothing of the diverged state; the checkpoints of earlier epochs stay as they were. lr-find
 * throws it when the loss diverges before it has a curve to suggest a rate from.
 */
public final class TrainingDivergedException extends MnistException {
    TrainingDivergedException(String message) {
        super(message);
    }
}
