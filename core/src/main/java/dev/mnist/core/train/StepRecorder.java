package dev.mnist.core.train;

import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.StepLog;
import dev.mnist.core.run.StepRecord;
import dev.mnist.core.run.tensorboard.EventFile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records a run writes as it trains, for the board and TensorBoard: the mean training loss,
 * learning rate and images per second since the record before, {@link #PER_EPOCH} times an epoch
 * or more (every batch of a shorter epoch), and at least every {@link #MAX_INTERVAL_NANOS}, into
 * {@code steps.csv} and TensorBoard's event file; and each epoch's scores into the event file.
 */
final class StepRecorder implements EpochListener, AutoCloseable {
    static final int PER_EPOCH = 50;
    private static final long MAX_INTERVAL_NANOS = 2_000_000_000L;

    private final TrainConfig config;
    private final int batchesPerEpoch;
    private final int stepsPerEpoch;
    private final int interval;
    private final StepLog log;
    private final EventFile events;
    /** Recording stops at its first failure (a full disk): training goes on, and the board shows what was recorded. */
    private boolean failed;
    private double lossSum;
    private int images;
    private long since = System.nanoTime();

    /** Records after {@code batchesDone} batches of the run (those of a resumed run's earlier part are kept). */
    StepRecorder(RunFolder folder, TrainConfig config, int batchesPerEpoch, int stepsPerEpoch, long batchesDone) {
        this.config = config;
        this.batchesPerEpoch = batchesPerEpoch;
        this.stepsPerEpoch = stepsPerEpoch;
        this.interval = Math.max(1, batchesPerEpoch / PER_EPOCH);
        this.log = folder.stepLog(batchesDone);
        EventFile file;
        try {
            file = EventFile.create(folder.dir());
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        this.events = file;
    }

    /** The clock of the first record of an epoch starts with it, not with the validation pass before. */
    void epochStarted() {
        since = System.nanoTime();
    }

    /** After batch {@code batch} (from 0) of {@code epoch}, of {@code size} images with a mean loss of {@code loss}. */
    void batchDone(int epoch, int batch, int size, double loss) {
        lossSum += loss * size;
        images += size;
        long now = System.nanoTime();
        boolean due = (batch + 1) % interval == 0 || batch + 1 == batchesPerEpoch || now - since >= MAX_INTERVAL_NANOS;
        if (!due) {
            return;
        }
        long step = (long) (epoch - 1) * batchesPerEpoch + batch + 1;
        double rate = config.lrPolicy().rate(config.learningRate(), (long) (epoch - 1) * stepsPerEpoch + batch / config.accumulate(),
                stepsPerEpoch, config.epochs());
        double seconds = (now - since) / 1e9;
        double wallTime = System.currentTimeMillis() / 1e3;
        StepRecord record = new StepRecord(step, epoch - 1 + (batch + 1) / (double) batchesPerEpoch, lossSum / images, rate,
                images / seconds, wallTime);
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("train/loss", record.loss());
        scalars.put("train/learning_rate", rate);
        scalars.put("train/images_per_second", record.imagesPerSecond());
        record(() -> {
            log.append(record);
            events.scalars(step, wallTime, scalars);
        });
        lossSum = 0;
        images = 0;
        since = now;
    }

    @Override
    public void epochEnded(EpochEnd end) {
        EpochMetrics metrics = end.metrics();
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("epoch/train_loss", metrics.trainLoss());
        scalars.put("epoch/val_loss", metrics.valLoss());
        scalars.put("epoch/val_accuracy", metrics.valAccuracy());
        record(() -> events.scalars((long) metrics.epoch() * batchesPerEpoch, System.currentTimeMillis() / 1e3, scalars));
    }

    private void record(Runnable write) {
        if (failed) {
            return;
        }
        try {
            write.run();
        } catch (java.io.UncheckedIOException e) {
            failed = true;
        }
    }

    @Override
    public void close() {
        closeQuietly(log);
        closeQuietly(events);
    }

    private static void closeQuietly(AutoCloseable file) {
        try {
            file.close();
        } catch (Exception e) {
            // what was flushed is recorded; nothing more is to come
        }
    }
}
