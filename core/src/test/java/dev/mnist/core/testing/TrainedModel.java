package dev.mnist.core.testing;

import dev.mnist.core.run.RunFolder;
import dev.mnist.core.train.TrainConfig;
import dev.mnist.core.train.Trainer;
import dev.mnist.core.train.TrainingListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A LeNet really trained on real digits, once per test JVM, for the tests that use a model:
 * 3,000 real MNIST test images as its training split (2 epochs), and the next 1,000 as the test
 * split of its data folder, never seen in training.
 */
public final class TrainedModel {
    public static final int TRAIN_IMAGES = 3_000;
    public static final int TEST_FROM = TRAIN_IMAGES;
    public static final int TEST_IMAGES = 1_000;
    private static Path root;

    private TrainedModel() {
    }

    /** The run folder (model.zip, best.zip, ...). */
    public static Path run() {
        return root().resolve("runs").resolve("digits");
    }

    public static Path modelZip() {
        return run().resolve(RunFolder.MODEL);
    }

    /** The IDX folder it was trained on; its test split holds the unseen images. */
    public static Path data() {
        return root().resolve("data");
    }

    private static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("mnist-trained-model");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
            Path data = Fixtures.splitIdxFolder(root.resolve("data"), 0, TRAIN_IMAGES, TEST_FROM, TEST_IMAGES);
            // A recipe of its own, not train's defaults: the tests that use this model compare its answers on
            // borderline digits, which a change of the defaults would move.
            TrainConfig config = TrainConfig.builder(data).epochs(2).keep(1).learningRate(0.001)
                    .lrPolicy(dev.mnist.core.train.LearningRatePolicy.FIXED).build();
            new Trainer(TrainingListener.NONE).train(config, root.resolve("runs"), "digits");
        }
        return root;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary folder; the OS cleans up what is left.
        }
    }
}
