package dev.mnist.core.train;

import org.nd4j.linalg.schedule.ISchedule;

/** {@code lr-find}'s rate: from {@code start} to {@code end} geometrically over {@code batches} batches. */
record ExponentialRange(double start, double end, int batches) implements ISchedule {

    @Override
    public double valueAt(int iteration, int epoch) {
        return start * Math.pow(end / start, (double) iteration / Math.max(1, batches - 1));
    }

    @Override
    public ISchedule clone() {
        return this;
    }
}
