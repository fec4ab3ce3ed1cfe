package dev.mnist.core.train;

import java.nio.file.Path;

/** Everything that decides a training run; written to run.json and read back by resume. */
public record TrainConfig(
        Path data,
        String model,
        int epochs,
        int batchSize,
        double learningRate,
        Optimizer optimizer,
        LrSchedule lrSchedule,
        long seed,
        int threads,
        Device device,
        double valSplit,
        int limit,
        int channels,
        int imageSize,
        int checkpointEvery,
        int keep,
        int patience) {

    /** Checks what the types cannot; the messages name the option. */
    public TrainConfig {
        require(epochs >= 1, "--epochs must be at least 1");
        require(batchSize >= 1, "--batch-size must be at least 1");
        require(learningRate > 0 && Double.isFinite(learningRate), "--lr must be a positive number");
        require(valSplit >= 0 && valSplit < 1, "--val-split must be at least 0 and below 1");
        require(limit >= 0, "--limit must not be negative");
        require(channels == 1 || channels == 3, "--channels must be 1 or 3");
        require(imageSize >= 8, "--image-size must be at least 8");
        require(checkpointEvery >= 1, "--checkpoint-every must be at least 1");
        require(keep >= 1, "--keep must be at least 1");
        require(patience >= 0, "--patience must not be negative");
        require(patience == 0 || valSplit > 0, "--patience needs a validation split (--val-split above 0)");
        require(threads >= 0, "--threads must not be negative");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public TrainConfig withData(Path newData) {
        return new TrainConfig(newData, model, epochs, batchSize, learningRate, optimizer, lrSchedule, seed, threads, device,
                valSplit, limit, channels, imageSize, checkpointEvery, keep, patience);
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(data, model, newEpochs, batchSize, learningRate, optimizer, lrSchedule, seed, threads, device,
                valSplit, limit, channels, imageSize, checkpointEvery, keep, patience);
    }
}
