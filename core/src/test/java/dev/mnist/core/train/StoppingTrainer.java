package dev.mnist.core.train;

/** Trainers for tests of stopping and resuming. */
final class StoppingTrainer {
    private StoppingTrainer() {
    }

    /** A trainer that asks itself to stop, as Ctrl-C would, once epoch {@code epoch} has trained {@code images} images. */
    static Trainer after(int epoch, int images) {
        Trainer[] trainer = new Trainer[1];
        trainer[0] = new Trainer(new TrainingListener() {
            @Override
            public void batchDone(int at, int imagesDone, int total, double runningLoss) {
                if (at == epoch && imagesDone == images) {
                    trainer[0].requestStop();
                }
            }
        });
        return trainer[0];
    }
}
