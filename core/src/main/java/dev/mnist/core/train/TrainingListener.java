package dev.mnist.core.train;

import dev.mnist.core.run.EpochMetrics;

/** What training reports as it goes; the command line renders it. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    /** The run is set up: data loaded, model built or resumed. */
    default void started(TrainingRun run) {
    }

    default void epochStarted(int epoch, int epochs, int images) {
    }

    /** After each batch; {@code runningLoss} is the mean training loss of the epoch so far. */
    default void batchDone(int epoch, int imagesDone, int images, double runningLoss) {
    }

    default void epochFinished(EpochMetrics metrics, boolean best) {
    }

    default void stoppedEarly(int epoch, int patience) {
    }
}
