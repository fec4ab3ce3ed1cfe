package dev.mnist.cli.mixin;

import dev.mnist.core.data.augment.Augmentation;
import dev.mnist.core.image.PreparationChoice;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.train.Device;
import dev.mnist.core.train.Optimizer;
import dev.mnist.core.train.TrainConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code train} and {@code lr-find} share: the data, the network, the optimizer and its
 * regularisation, the input and its augmentation, the seed and the threads. The learning rate and
 * the run's length and folder are each command's own.
 */
public class TrainingOptions {
    @Mixin
    DataOption data;

    @Option(names = "--model", paramLabel = "NAME", completionCandidates = TrainingOptions.ModelNames.class, converter = KnownName.Model.class,
            description = "Architecture: ${COMPLETION-CANDIDATES} (default: " + Architectures.DEFAULT + ").")
    String model;

    @Option(names = "--batch-size", defaultValue = "" + TrainConfig.DEFAULT_BATCH_SIZE, description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, sgd or nesterov (default: ${DEFAULT-VALUE}).")
    Optimizer optimizer;

    @Option(names = "--momentum", paramLabel = "M", description = "Nesterov's momentum (default: 0.9; nesterov only).")
    Double momentum;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "W",
            description = "Decoupled weight decay (AdamW's with adam): each step takes lr x W x weight off every weight.")
    double weightDecay;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "E",
            description = "Train against labels of 1-E+E/classes and E/classes instead of 1 and 0.")
    double labelSmoothing;

    @Option(names = "--seed", defaultValue = "" + TrainConfig.DEFAULT_SEED, description = "Seed for weights, split and data order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "" + TrainConfig.DEFAULT_THREADS, description = "CPU threads; 0 for all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
    Device device;

    @Option(names = "--limit", defaultValue = "" + TrainConfig.DEFAULT_LIMIT, description = "Use only N training images: the first N of an IDX file or a store (and of its validation split), N spread evenly over class folders (each class about its share); 0 for all.")
    int limit;

    @Option(names = "--channels", defaultValue = "" + TrainConfig.DEFAULT_CHANNELS,
            description = "1 (gray) or 3 (RGB), for image folders (default: the model's: 1 for lenet, lenet5 and resnet, 3 for the others).")
    int channels;

    @Option(names = "--image-size", defaultValue = "" + TrainConfig.DEFAULT_IMAGE_SIZE,
            description = "Side images in folders are resized to (default: the model's: 28, 227 for alexnet, 224 for resnet18 and resnet34).")
    int imageSize;

    @Option(names = "--prepare", defaultValue = "auto", paramLabel = "auto|digit|plain",
            description = "How images become the model's input, recorded in it for evaluate, classify, inspect and serve: "
                    + "digit (MNIST's preparation: gray, inverted on light paper, cropped, fitted in 20x20, centred by mass), "
                    + "plain (only resized), or auto: digit when the training images already look digit-prepared "
                    + "(gray, and at least 75%% of 1,000 sampled have a dark 2-pixel frame, as MNIST's do), "
                    + "else plain (default: ${DEFAULT-VALUE}).")
    PreparationChoice prepare;

    @Option(names = "--mean", defaultValue = "none", paramLabel = "none|image|pixel",
            description = "Subtract the training images' mean image, or their mean per channel, from every input, as "
                    + "DIGITS does; kept in the model, so evaluate, classify and serve subtract it too (default: ${DEFAULT-VALUE}).")
    InputContract.Mean mean;

    @Option(names = "--crop-size", defaultValue = "0", paramLabel = "N",
            description = "Train on a random NxN window of each image, answer from its centre window (default: none).")
    int cropSize;

    @Option(names = "--flip", defaultValue = "none", paramLabel = "none|horizontal|vertical|both",
            description = "Mirror training images at random, each way with probability 1/2 (default: ${DEFAULT-VALUE}).")
    Augmentation.Flip flip;

    @Option(names = "--rotate", defaultValue = "0", paramLabel = "DEG", description = "Rotate training images by up to DEG degrees either way.")
    double rotate;

    @Option(names = "--shift", defaultValue = "0", paramLabel = "FRACTION", description = "Shift training images by up to this fraction of the side.")
    double shift;

    @Option(names = "--scale", defaultValue = "0", paramLabel = "FRACTION", description = "Scale training images by up to this fraction (0.1: 90%% to 110%%).")
    double scale;

    @Option(names = "--noise", defaultValue = "0", paramLabel = "STD", description = "Add Gaussian noise of this standard deviation (0-255 levels) to training images.")
    double noise;

    @Option(names = "--hsv", description = "Vary colour images' hue, saturation and value at random (DIGITS' defaults: 0.02, 0.04, 0.06).")
    boolean hsv;

    @Option(names = "--elastic", description = "Simard et al.'s (2003) elastic distortion of training images (for digits).")
    boolean elastic;


    /** A configuration of these settings; the command adds its own and builds it. */
    public TrainConfig.Builder builder() {
        return TrainConfig.builder(data.path()).model(model).batchSize(batchSize).optimizer(optimizer).momentum(momentum)
                .weightDecay(weightDecay).labelSmoothing(labelSmoothing).seed(seed).threads(threads).device(device)
                .limit(limit).channels(channels).imageSize(imageSize).prepare(prepare).mean(mean)
                .augmentation(new Augmentation(cropSize, flip, rotate, shift, scale, noise, hsv, elastic));
    }

    /** The architectures --model knows, for the help's list and shell completion. */
    public static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Architectures.names().iterator();
        }
    }
}
