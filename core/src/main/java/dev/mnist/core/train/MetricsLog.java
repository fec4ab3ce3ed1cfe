package dev.mnist.core.train;

import dev.mnist.core.run.RunFolder;

/** {@code metrics.csv} and {@code curves.png}, rewritten after every epoch. */
final class MetricsLog implements EpochListener {
    private final RunFolder folder;
    private final TrainingCurves.Rates rates;

    MetricsLog(RunFolder folder, TrainingCurves.Rates rates) {
        this.folder = folder;
        this.rates = rates;
    }

    @Override
    public void epochEnded(EpochEnd end) {
        folder.writeMetrics(end.history());
        TrainingCurves.write(end.history(), rates, folder.curves());
    }
}
