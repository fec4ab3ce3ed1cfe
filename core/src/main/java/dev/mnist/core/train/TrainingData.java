package dev.mnist.core.train;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.augment.Augmentation;
import dev.mnist.core.data.augment.Augmenter;
import dev.mnist.core.data.load.Dataset;
import dev.mnist.core.model.InputContract.Mean;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A run's training data: the training split of the data set, prepared as the model's input
 * contract says, and its seeded division into training and validation images. The data order of
 * each epoch depends only on the seed and the epoch number, so a resumed run continues exactly.
 */
record TrainingData(Dataset set, ImageSet images, InputContract contract, Augmenter augmenter, int[] trainIndices,
                    int[] validationIndices) {

    /** Loads the data {@code config} names; a null {@code preparation} is decided from the data (see AutoPreparation). */
    static TrainingData load(TrainConfig config, Preparation preparation) {
        InputShape requested = config.inputShape();
        Dataset set = Dataset.load(config.data(), Split.TRAIN, requested, preparation);
        if (set.validation() != null) {
            return withOwnValidation(config, set);
        }
        ImageSet images = config.limit() > 0 ? set.limited(config.limit()) : set.images();
        if (images.count() < 2) {
            throw new InvalidInputException(config.data() + ": " + images.count() + " images; need at least 2 to train");
        }
        int[] shuffled = epochOrder(IntStream.range(0, images.count()).toArray(), config.seed(), 0);
        int validation = (int) Math.round(images.count() * config.valSplit());
        int[] validationIndices = Arrays.copyOfRange(shuffled, 0, validation);
        int[] trainIndices = Arrays.copyOfRange(shuffled, validation, shuffled.length);
        if (trainIndices.length == 0) {
            throw new InvalidInputException(config.data() + ": --val-split " + config.valSplit() + " leaves none of its "
                    + images.count() + " images to train on");
        }
        requireClasses(config, set);
        if (validation == 0 && config.valSplit() > 0) {
            throw new InvalidInputException(config.data() + ": --val-split " + config.valSplit() + " of " + images.count()
                    + " images leaves none for validation; --val-split 0 trains without it");
        }
        Arrays.sort(validationIndices);
        Arrays.sort(trainIndices);
        return of(config, set, images, trainIndices, validationIndices);
    }

    /** A store's own split: its training images, then its validation ones (both cut to --limit); --val-split is not used. */
    private static TrainingData withOwnValidation(TrainConfig config, Dataset set) {
        ImageSet train = config.limit() > 0 ? set.limited(config.limit()) : set.images();
        ImageSet validation = config.limit() > 0 ? set.validation().first(config.limit()) : set.validation();
        requireClasses(config, set);
        int[] trainIndices = IntStream.range(0, train.count()).toArray();
        int[] validationIndices = IntStream.range(train.count(), train.count() + validation.count()).toArray();
        return of(config, set, train.followedBy(validation), trainIndices, validationIndices);
    }

    private static TrainingData of(TrainConfig config, Dataset set, ImageSet images, int[] trainIndices, int[] validationIndices) {
        InputShape shape = new InputShape(images.channels(), images.rows(), images.cols());
        Augmenter augmenter = null;
        if (!config.augmentation().equals(Augmentation.NONE)) {
            try {
                augmenter = new Augmenter(config.augmentation(), shape);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(config.data() + ": " + e.getMessage(), e);
            }
        }
        InputShape input = augmenter == null ? shape : augmenter.output();
        InputContract contract = InputContract.of(input, set.resize(), set.preparation());
        if (!input.equals(shape)) {
            contract = contract.croppedFrom(shape);
        }
        if (config.mean() != Mean.NONE) {
            ImageSet seen = images.centreCropped(input.height(), input.width());
            contract = contract.withMean(config.mean(), MeanValues.of(seen, trainIndices, config.mean()));
        }
        return new TrainingData(set, images, contract, augmenter, trainIndices, validationIndices);
    }

    TrainingData withContract(InputContract newContract) {
        return new TrainingData(set, images, newContract, augmenter, trainIndices, validationIndices);
    }

    /** How epoch {@code epoch}'s training images are seen: augmented when the run says so. */
    ImageView trainingView(long seed, int epoch) {
        return augmenter == null ? ImageView.unchanged(images.imageSize()) : ImageView.augmented(augmenter, seed, epoch);
    }

    /** How validation images are seen: whole, or their centre window when training crops. */
    ImageView validationView() {
        return augmenter == null ? ImageView.unchanged(images.imageSize()) : ImageView.centred(augmenter);
    }

    private static void requireClasses(TrainConfig config, Dataset set) {
        if (set.classNames().size() < 2) {
            throw new InvalidInputException(config.data() + ": one class (" + set.classNames().get(0)
                    + "); a classifier needs at least 2");
        }
    }

    List<String> classNames() {
        return set.classNames();
    }

    int classCount() {
        return set.classNames().size();
    }

    /** How the preparation was chosen: {@code given}, or auto's reason. */
    String preparationReason() {
        return set.preparationReason();
    }

    /** This epoch's order of the training images. */
    int[] epochOrder(long seed, int epoch) {
        return epochOrder(trainIndices, seed, epoch);
    }

    /** The indices shuffled by a generator seeded from the seed and the epoch alone. */
    static int[] epochOrder(int[] indices, long seed, int epoch) {
        int[] order = indices.clone();
        Random random = new Random(seed * 1_000_003L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
