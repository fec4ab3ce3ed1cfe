package dev.mnist.core.train;

import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import org.nd4j.autodiff.samediff.SameDiff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The run's model files: {@code best.zip} whenever validation accuracy is the best so far, a
 * checkpoint every {@code every} epochs and at the last (the newest {@code keep} kept), and the
 * checkpoint taken when training is stopped mid-epoch, and {@code model.zip} at the end. Files of
 * one epoch hold the same graph: the first is saved, the others are copies of it (a large network's
 * save takes seconds; a copy, a fraction of one).
 */
final class Checkpoints implements EpochListener {
    private final RunFolder folder;
    private final int every;
    private final int keep;
    private double bestAccuracy;
    /** The file saved at the end of {@link #savedEpoch}, which the epoch's other files copy. */
    private Path saved;
    private int savedEpoch = -1;

    /** {@code history}: the epochs before a resume, whose best is still the one to beat. */
    Checkpoints(RunFolder folder, int every, int keep, List<EpochMetrics> history) {
        this.folder = folder;
        this.every = every;
        this.keep = keep;
        this.bestAccuracy = history.stream().mapToDouble(EpochMetrics::valAccuracy).filter(Double::isFinite).max().orElse(-1);
    }

    @Override
    public void epochEnded(EpochEnd end) {
        double accuracy = end.metrics().valAccuracy();
        if (accuracy > bestAccuracy) {
            bestAccuracy = accuracy;
            end.markBest();
            write(folder.best(), end.epoch(), end.graph(), end.model());
        }
        if (end.epoch() % every == 0 || end.isFinal()) {
            write(folder.checkpoint(end.epoch()), end.epoch(), end.graph(), end.model());
            folder.pruneCheckpoints(keep);
        }
    }

    /** The run's final {@code model.zip}, after {@code epoch}. */
    void saveModel(SameDiff graph, ModelMetadata model, int epoch) {
        write(folder.model(), epoch, graph, model);
    }

    private void write(Path target, int epoch, SameDiff graph, ModelMetadata model) {
        if (epoch == savedEpoch && saved != null && Files.isRegularFile(saved)) {
            ModelFile.copy(saved, target);
        } else {
            ModelFile.save(target, graph, model);
        }
        saved = target;
        savedEpoch = epoch;
    }

    /** Saves the checkpoint of a run stopped {@code batches} batches after {@code epochs} complete epochs. */
    Path saveStopped(SameDiff graph, ModelMetadata model, int epochs, int batches) {
        Path checkpoint = folder.checkpoint(epochs, batches);
        ModelFile.save(checkpoint, graph, model);
        return checkpoint;
    }
}
