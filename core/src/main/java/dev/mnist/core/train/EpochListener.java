package dev.mnist.core.train;

/** A part of a run that acts when an epoch ends: checkpoints, the metrics log, early stopping. */
interface EpochListener {
    void epochEnded(EpochEnd end);
}
