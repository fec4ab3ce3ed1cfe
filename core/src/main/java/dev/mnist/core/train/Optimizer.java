package dev.mnist.core.train;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/** The optimizers {@code --optimizer} offers. */
public enum Optimizer {
    ADAM, SGD, NESTEROV;

    public static final double DEFAULT_MOMENTUM = 0.9;

    /** {@code momentum} is Nesterov's; the others have none of this kind. */
    IUpdater updater(ISchedule learningRate, double momentum) {
        return switch (this) {
            case ADAM -> new Adam(learningRate);
            case SGD -> new Sgd(learningRate);
            case NESTEROV -> new Nesterovs(learningRate, momentum);
        };
    }
}
