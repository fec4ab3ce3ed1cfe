package dev.mnist.core.train;

import dev.mnist.core.run.EpochMetrics;

import java.util.Comparator;

/** Stops the run when validation accuracy has not improved for {@code patience} epochs (0: never). */
final class EarlyStopping implements EpochListener {
    private final int patience;

    EarlyStopping(int patience) {
        this.patience = patience;
    }

    @Override
    public void epochEnded(EpochEnd end) {
        if (patience == 0) {
            return;
        }
        int bestEpoch = end.history().stream()
                .max(Comparator.comparingDouble(EpochMetrics::valAccuracy).thenComparing(m -> -m.epoch()))
                .map(EpochMetrics::epoch).orElse(end.epoch());
        if (end.epoch() - bestEpoch >= patience && !end.isFinal()) {
            end.stopAfterThis();
        }
    }
}
