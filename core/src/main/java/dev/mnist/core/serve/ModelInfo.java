package dev.mnist.core.serve;

import dev.mnist.core.MnistException;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.infer.Preprocessing;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.train.EpochMetrics;
import dev.mnist.core.train.RunFolder;
import dev.mnist.core.train.TrainingRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code GET /api/model}: what the model is (classes, input shape, how far it was trained) and,
 * when it sits in a run folder, that run's per-epoch metrics. Values a run did not measure
 * (validation scores with {@code --val-split 0}) are null.
 */
record ModelInfo(String model, String architecture, List<String> classNames, InputShape inputShape,
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

    static ModelInfo of(Predictor predictor, Preprocessing preprocessing) {
        ModelMetadata m = predictor.metadata();
        return new ModelInfo(predictor.file().toString(), m.architecture(), m.classNames(), m.inputShape(),
                preprocessing.name(), m.epoch(), m.seed(), training(predictor.file()));
    }

    /** The run the model was saved in ({@code model.zip}, {@code best.zip} or a checkpoint), if any. */
    private static Training training(Path model) {
        Path dir = model.toAbsolutePath().getParent();
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("checkpoints")) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isRegularFile(dir.resolve(RunFolder.METRICS))) {
            return null;
        }
        RunFolder run = new RunFolder(dir);
        try {
            List<Epoch> epochs = run.metrics().stream().map(Epoch::of).toList();
            TrainingRun config = Files.isRegularFile(dir.resolve(RunFolder.RUN_JSON)) ? run.readRun() : null;
            return new Training(dir.getFileName().toString(), config == null ? null : config.trainImages(),
                    config == null ? null : config.validationImages(), epochs);
        } catch (MnistException e) {
            return null;
        }
    }
}
