package dev.mnist.core.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code train --json} prints when a run has finished: where it is, its model files, the last
 * epoch's scores and the best epoch's (the one {@code best.zip} holds), and how long it took.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingResult(String name, Path run, Path model, Path best, String architecture, int epochs,
                             int trainImages, int validationImages, Scores last, Scores bestEpoch,
                             double seconds, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> skippedImages) {

    /** One epoch's scores; those a run without validation has none of are left out (JSON has no NaN). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scores(int epoch, double trainLoss, Double valLoss, Double valAccuracy, double learningRate, double seconds) {
        static Scores of(EpochMetrics epoch) {
            return epoch == null ? null : new Scores(epoch.epoch(), epoch.trainLoss(), finite(epoch.valLoss()),
                    finite(epoch.valAccuracy()), epoch.learningRate(), epoch.seconds());
        }

        private static Double finite(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }

    /** @param seconds how long this training (or resume) took, start to end */
    public static TrainingResult of(TrainingRun run, double seconds) {
        RunFolder folder = new RunFolder(run.dir());
        List<EpochMetrics> metrics = folder.metrics();
        EpochMetrics last = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
        EpochMetrics best = null;
        for (EpochMetrics epoch : metrics) {
            if (Double.isFinite(epoch.valAccuracy()) && (best == null || epoch.valAccuracy() > best.valAccuracy())) {
                best = epoch;
            }
        }
        return new TrainingResult(run.name(), run.dir(), folder.model(), Files.isRegularFile(folder.best()) ? folder.best() : null,
                run.config().model(), last == null ? 0 : last.epoch(), run.trainImages(), run.validationImages(), Scores.of(last),
                Scores.of(best), seconds, run.skippedImages());
    }
}
