package dev.mnist.core.train;

import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/** Learning-rate schedules by epoch; the epoch counter is saved with the model, so resume continues them. */
public enum LrSchedule {
    /** The same rate throughout. */
    NONE,
    /** Halved every 2 epochs. */
    STEP,
    /** Multiplied by 0.8 each epoch. */
    EXPONENTIAL;

    ISchedule schedule(double initial) {
        return switch (this) {
            case NONE -> new MapSchedule(ScheduleType.EPOCH, java.util.Map.of(0, initial));
            case STEP -> new StepSchedule(ScheduleType.EPOCH, initial, 0.5, 2);
            case EXPONENTIAL -> new ExponentialSchedule(ScheduleType.EPOCH, initial, 0.8);
        };
    }

    /** The rate during a zero-based epoch. */
    public double rateAt(double initial, int epoch) {
        return schedule(initial).valueAt(0, epoch);
    }
}
