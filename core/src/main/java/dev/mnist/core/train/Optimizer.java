package dev.mnist.core.train;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/** The optimizers {@code --optimizer} offers. */
public enum Optimizer {
    ADAM, SGD, NESTEROV;

    private static final double MOMENTUM = 0.9;

    IUpdater updater(ISchedule learningRate) {
        return switch (this) {
            case ADAM -> new Adam(learningRate);
            case SGD -> new Sgd(learningRate);
            case NESTEROV -> new Nesterovs(learningRate, MOMENTUM);
        };
    }
}
