package dev.mnist.core.serve;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mnist.core.MnistException;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;

import java.util.List;

/**
 * {@code GET /api/model}: what the model is (classes, input contract, how far it was trained) and,
 * when it sits in a run folder, that run's per-epoch metrics. Values a run did not measure
 * (validation scores with {@code --val-split 0}) are null.
 */
record ModelInfo(String model, String architecture, List<String> classNames, InputShape inputShape, InputContract input,
                 String preprocessing, int epoch, long seed, Training training) {

    record Training(String run, Integer trainImages, Integer validationImages, List<Epoch> epochs) {
    }

    record Epoch(int epoch, Double trainLoss, Double valLoss, Double valAccuracy, double learningRate,
                 double seconds, double imagesPerSecond) {
        static Epoch of(EpochMetrics m) {
            return new Epoch(m.epoch(), orNull(m.trainLoss()), orNull(m.valLoss()), orNull(m.valAccuracy()),
                    m.learningRate(), m.seconds(), m.imagesPerSecond());
        }

        private static Double orNull(double value) {
            return Double.isFinite(value) ? value : null;
        }
    }

    static ModelInfo of(Predictor predictor, ImagePreparation preprocessing) {
        ModelMetadata m = predictor.metadata();
        return new ModelInfo(RunFolder.lastingPath(predictor.file()).toString(), m.architecture(), m.classNames(), m.inputShape(), m.input(),
                preprocessing.name(), m.epoch(), m.seed(), RunFolder.of(predictor.file()).map(ModelInfo::training).orElse(null));
    }

    /** The part of run.json shown here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record RunCounts(Integer trainImages, Integer validationImages) {
    }

    /** The run the model was saved in: its per-epoch metrics and image counts. */
    private static Training training(RunFolder run) {
        try {
            List<Epoch> epochs = run.metrics().stream().map(Epoch::of).toList();
            RunCounts counts = run.hasRun() ? run.readRun(RunCounts.class) : new RunCounts(null, null);
            return new Training(run.name(), counts.trainImages(), counts.validationImages(), epochs);
        } catch (MnistException e) {
            return null;
        }
    }
}
