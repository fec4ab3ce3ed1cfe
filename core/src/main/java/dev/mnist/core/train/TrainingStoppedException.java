package dev.mnist.core.train;

import dev.mnist.core.MnistException;

import java.nio.file.Path;

/** Training stopped on request (a signal) after saving a checkpoint it can be resumed from. */
public final class TrainingStoppedException extends MnistException {
    private final Path checkpoint;

    TrainingStoppedException(Path run, Path checkpoint, int epoch, int batches) {
        super(String.format("stopped in epoch %d after %d batches; checkpoint %s; continue with: mnist train --resume %s",
                epoch, batches, checkpoint, run));
        this.checkpoint = checkpoint;
    }

    public Path checkpoint() {
        return checkpoint;
    }
}
