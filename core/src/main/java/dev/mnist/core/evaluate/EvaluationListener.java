package dev.mnist.core.evaluate;

/** Progress of an evaluation, for a progress bar. */
public interface EvaluationListener {
    EvaluationListener NONE = new EvaluationListener() {
    };

    default void started(int images) {
    }

    default void batchDone(int imagesDone) {
    }
}
