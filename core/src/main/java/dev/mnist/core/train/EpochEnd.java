package dev.mnist.core.train;

import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.run.EpochMetrics;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.List;

/**
 * What the training loop knows when an epoch ends, handed to each of its {@link EpochListener}s in
 * turn: the epoch's metrics, all epochs' so far, the graph and the metadata a model saved now
 * carries. Listeners may mark the epoch the best so far, or ask the loop to stop after it.
 */
final class EpochEnd {
    private final EpochMetrics metrics;
    private final List<EpochMetrics> history;
    private final SameDiff graph;
    private final ModelMetadata model;
    private final boolean lastEpoch;
    private boolean best;
    private boolean stopping;

    EpochEnd(EpochMetrics metrics, List<EpochMetrics> history, SameDiff graph, ModelMetadata model, boolean lastEpoch) {
        this.metrics = metrics;
        this.history = List.copyOf(history);
        this.graph = graph;
        this.model = model;
        this.lastEpoch = lastEpoch;
    }

    int epoch() {
        return metrics.epoch();
    }

    EpochMetrics metrics() {
        return metrics;
    }

    /** Every epoch of the run so far, this one last (those before a resume included). */
    List<EpochMetrics> history() {
        return history;
    }

    SameDiff graph() {
        return graph;
    }

    ModelMetadata model() {
        return model;
    }

    void markBest() {
        best = true;
    }

    boolean best() {
        return best;
    }

    void stopAfterThis() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /** The run's last epoch: the configured count is reached, or it stops here. */
    boolean isFinal() {
        return lastEpoch || stopping;
    }
}
