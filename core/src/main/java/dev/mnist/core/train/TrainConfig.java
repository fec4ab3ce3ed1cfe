package dev.mnist.core.train;


import com.fasterxml.jackson.annotation.JsonAlias;
import dev.mnist.core.Limits;
import dev.mnist.core.data.augment.Augmentation;
import dev.mnist.core.data.store.DatasetStore;
import dev.mnist.core.image.PreparationChoice;
import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.InputContract.Mean;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.run.RunFolder;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything that decides a training run; written to run.json and read back by resume. Build one
 * with {@link #builder}: every setting has a named default.
 */
public record TrainConfig(
        Path data,
        String model,
        int epochs,
        int batchSize,
        double learningRate,
        Optimizer optimizer,
        @JsonAlias("lrSchedule") LearningRatePolicy lrPolicy,
        long seed,
        int threads,
        Device device,
        double valSplit,
        int limit,
        int channels,
        int imageSize,
        PreparationChoice prepare,
        int checkpointEvery,
        int keep,
        int patience,
        Mean mean,
        Augmentation augmentation,
        double weightDecay,
        double labelSmoothing,
        Double momentum,
        Integer accumulate,
        double clipGradNorm,
        Path initFrom,
        String freeze,
        int freezeEpochs,
        Double bodyLrFactor) {

    public static final Path DEFAULT_DATA = Path.of("data", "mnist");
    public static final String DEFAULT_MODEL = Architectures.DEFAULT;
    public static final int DEFAULT_EPOCHS = 5;
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** With {@link #DEFAULT_LR_POLICY}: 5 epochs of LeNet on MNIST reach 99.3 % (bench/README.md, issue #18). */
    public static final double DEFAULT_LEARNING_RATE = 0.003;
    public static final Optimizer DEFAULT_OPTIMIZER = Optimizer.ADAM;
    public static final LearningRatePolicy DEFAULT_LR_POLICY = LearningRatePolicy.ONECYCLE;
    public static final long DEFAULT_SEED = 42;
    /** 0: every core. */
    public static final int DEFAULT_THREADS = 0;
    public static final Device DEFAULT_DEVICE = Device.AUTO;
    public static final double DEFAULT_VAL_SPLIT = 0.1;
    /** 0: every image. */
    public static final int DEFAULT_LIMIT = 0;
    /** 0: the store's when the data is one, else the model's design input's (see {@code Architecture.designInput}). */
    public static final int DEFAULT_CHANNELS = 0;
    /** 0: the store's height when the data is one, else the model's design input's. */
    public static final int DEFAULT_IMAGE_SIZE = 0;
    public static final PreparationChoice DEFAULT_PREPARE = PreparationChoice.AUTO;
    public static final int DEFAULT_CHECKPOINT_EVERY = 1;
    public static final int DEFAULT_KEEP = 3;
    /** 0: no early stopping. */
    public static final int DEFAULT_PATIENCE = 0;
    public static final Mean DEFAULT_MEAN = Mean.NONE;
    /** Batches per optimizer step. */
    public static final int DEFAULT_ACCUMULATE = 1;
    public static final int MAX_ACCUMULATE = 1024;

    /**
     * Checks what the types cannot; the messages name the option. With {@code initFrom}, the model,
     * channels and image size default to the parent model's.
     */
    public TrainConfig {
        // run.json files written before --prepare existed have none; their models carry their contract.
        prepare = prepare == null ? DEFAULT_PREPARE : prepare;
        mean = mean == null ? DEFAULT_MEAN : mean;
        augmentation = augmentation == null ? Augmentation.NONE : augmentation;
        lrPolicy = lrPolicy == null ? DEFAULT_LR_POLICY : lrPolicy;
        require(weightDecay >= 0 && weightDecay < 1, "--weight-decay must be at least 0 and below 1");
        require(labelSmoothing >= 0 && labelSmoothing < 1, "--label-smoothing must be at least 0 and below 1");
        momentum = momentum == null ? Optimizer.DEFAULT_MOMENTUM : momentum;
        require(momentum >= 0 && momentum < 1, "--momentum must be at least 0 and below 1");
        require(momentum == Optimizer.DEFAULT_MOMENTUM || optimizer == Optimizer.NESTEROV,
                "--momentum is nesterov's (ND4J's sgd has none, and adam's is its own)");
        // run.json files written before --accumulate existed have none.
        accumulate = accumulate == null ? DEFAULT_ACCUMULATE : accumulate;
        require(accumulate >= 1 && accumulate <= MAX_ACCUMULATE, "--accumulate must be 1 to " + MAX_ACCUMULATE);
        require(clipGradNorm >= 0 && Double.isFinite(clipGradNorm), "--clip-grad-norm must be a positive number (0: no clipping)");
        require(epochs >= 1, "--epochs must be at least 1");
        require(batchSize >= 1 && batchSize <= Limits.MAX_BATCH_SIZE, "--batch-size must be 1 to " + Limits.MAX_BATCH_SIZE);
        require(learningRate > 0 && Double.isFinite(learningRate), "--lr must be a positive number");
        require(valSplit >= 0 && valSplit < 1, "--val-split must be at least 0 and below 1");
        require(limit >= 0, "--limit must not be negative");
        // run.json files written before --body-lr-factor existed have none.
        bodyLrFactor = bodyLrFactor == null ? 1 : bodyLrFactor;
        require(bodyLrFactor > 0 && bodyLrFactor <= 100, "--body-lr-factor must be above 0 and at most 100");
        require(freezeEpochs >= 0, "--freeze-epochs must not be negative");
        require(model == null || Architectures.names().contains(model), Architectures.unknown(model));
        Optional<ModelMetadata> parent = initFrom == null || model != null && channels != 0 && imageSize != 0
                ? Optional.empty() : Optional.of(ModelFile.readMetadata(RunFolder.modelFile(initFrom)));
        model = model != null ? model : parent.map(ModelMetadata::architecture).orElse(DEFAULT_MODEL);
        Architecture architecture = Architectures.byName(model);
        InputShape defaultInput = parent.map(p -> p.input().preparedShape())
                .orElseGet(() -> storeShape(data).orElse(architecture.designInput()));
        channels = channels == 0 ? defaultInput.channels() : channels;
        imageSize = imageSize == 0 ? defaultInput.height() : imageSize;
        require(channels == 1 || channels == 3, "--channels must be 1 or 3");
        int minimumSide = architecture.minimumSide();
        require(imageSize >= minimumSide && imageSize <= Limits.MAX_INPUT_SIDE,
                "--image-size must be " + minimumSide + " to " + Limits.MAX_INPUT_SIDE + " for " + model);
        require(prepare != PreparationChoice.DIGIT || channels == 1, "--prepare digit is for gray images (--channels 1)");
        require(checkpointEvery >= 1, "--checkpoint-every must be at least 1");
        require(keep >= 1, "--keep must be at least 1");
        require(patience >= 0, "--patience must not be negative");
        require(patience == 0 || valSplit > 0, "--patience needs a validation split (--val-split above 0)");
        require(threads >= 0 && threads <= Limits.MAX_THREADS, "--threads must be 0 (all cores) to " + Limits.MAX_THREADS);
        if (freeze != null) {
            requireFreezable(architecture, freeze);
        }
    }

    /** {@code --freeze LAYER} names a layer with a trainable layer after it. */
    private static void requireFreezable(Architecture architecture, String layer) {
        List<Architecture.Layer> layers = architecture.layers();
        int at = java.util.stream.IntStream.range(0, layers.size()).filter(i -> layers.get(i).name().equals(layer)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--freeze: " + architecture.name() + " has no layer '" + layer
                        + "'; its layers are " + String.join(", ", layers.stream().map(Architecture.Layer::name).toList())));
        require(layers.subList(at + 1, layers.size()).stream().anyMatch(l -> l.weights() != null),
                "--freeze " + layer + " leaves no layer to train");
    }

    /** The images' shape: a store's width is its own, so a store of non-square images trains at its size. */
    public InputShape inputShape() {
        int width = storeShape(data).filter(shape -> shape.channels() == channels && shape.height() == imageSize)
                .map(InputShape::width).orElse(imageSize);
        return new InputShape(channels, imageSize, width);
    }

    private static Optional<InputShape> storeShape(Path data) {
        return data != null && DatasetStore.isOne(data) ? Optional.of(DatasetStore.open(data).manifest().shape()) : Optional.empty();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The defaults, for the data in {@code data}. */
    public static Builder builder(Path data) {
        return new Builder().data(data);
    }

    /** A builder holding this configuration, to change some of it. */
    public Builder toBuilder() {
        return new Builder().data(data).model(model).epochs(epochs).batchSize(batchSize).learningRate(learningRate)
                .optimizer(optimizer).lrPolicy(lrPolicy).seed(seed).threads(threads).device(device).valSplit(valSplit)
                .limit(limit).channels(channels).imageSize(imageSize).prepare(prepare).checkpointEvery(checkpointEvery)
                .keep(keep).patience(patience).mean(mean).augmentation(augmentation)
                .weightDecay(weightDecay).labelSmoothing(labelSmoothing).momentum(momentum).accumulate(accumulate)
                .clipGradNorm(clipGradNorm).initFrom(initFrom).freeze(freeze).freezeEpochs(freezeEpochs).bodyLrFactor(bodyLrFactor);
    }

    public TrainConfig withEpochs(int newEpochs) {
        return toBuilder().epochs(newEpochs).build();
    }

    public TrainConfig withThreads(int newThreads) {
        return toBuilder().threads(newThreads).build();
    }

    /** Starts from the defaults; {@link #build} checks the whole. */
    public static final class Builder {
        private Path data = DEFAULT_DATA;
        /** null: {@link #DEFAULT_MODEL}, or the parent's with {@code initFrom}. */
        private String model;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private Optimizer optimizer = DEFAULT_OPTIMIZER;
        private LearningRatePolicy lrPolicy = DEFAULT_LR_POLICY;
        private long seed = DEFAULT_SEED;
        private int threads = DEFAULT_THREADS;
        private Device device = DEFAULT_DEVICE;
        private double valSplit = DEFAULT_VAL_SPLIT;
        private int limit = DEFAULT_LIMIT;
        private int channels = DEFAULT_CHANNELS;
        private int imageSize = DEFAULT_IMAGE_SIZE;
        private PreparationChoice prepare = DEFAULT_PREPARE;
        private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
        private int keep = DEFAULT_KEEP;
        private int patience = DEFAULT_PATIENCE;
        private Mean mean = DEFAULT_MEAN;
        private Augmentation augmentation = Augmentation.NONE;
        private double weightDecay;
        private double labelSmoothing;
        private Double momentum;
        private Integer accumulate = DEFAULT_ACCUMULATE;
        private double clipGradNorm;
        private Path initFrom;
        private String freeze;
        private int freezeEpochs;
        private Double bodyLrFactor = 1.0;

        private Builder() {
        }

        public Builder data(Path value) { data = value; return this; }
        public Builder model(String value) { model = value; return this; }
        public Builder epochs(int value) { epochs = value; return this; }
        public Builder batchSize(int value) { batchSize = value; return this; }
        public Builder learningRate(double value) { learningRate = value; return this; }
        public Builder optimizer(Optimizer value) { optimizer = value; return this; }
        public Builder lrPolicy(LearningRatePolicy value) { lrPolicy = value; return this; }
        public Builder seed(long value) { seed = value; return this; }
        public Builder threads(int value) { threads = value; return this; }
        public Builder device(Device value) { device = value; return this; }
        public Builder valSplit(double value) { valSplit = value; return this; }
        public Builder limit(int value) { limit = value; return this; }
        public Builder channels(int value) { channels = value; return this; }
        public Builder imageSize(int value) { imageSize = value; return this; }
        public Builder prepare(PreparationChoice value) { prepare = value; return this; }
        public Builder checkpointEvery(int value) { checkpointEvery = value; return this; }
        public Builder keep(int value) { keep = value; return this; }
        public Builder patience(int value) { patience = value; return this; }
        public Builder mean(Mean value) { mean = value; return this; }
        public Builder augmentation(Augmentation value) { augmentation = value; return this; }
        public Builder weightDecay(double value) { weightDecay = value; return this; }
        public Builder labelSmoothing(double value) { labelSmoothing = value; return this; }
        public Builder momentum(Double value) { momentum = value; return this; }
        public Builder accumulate(int value) { accumulate = value; return this; }
        public Builder clipGradNorm(double value) { clipGradNorm = value; return this; }
        public Builder initFrom(Path value) { initFrom = value; return this; }
        public Builder freeze(String value) { freeze = value; return this; }
        public Builder freezeEpochs(int value) { freezeEpochs = value; return this; }
        public Builder bodyLrFactor(double value) { bodyLrFactor = value; return this; }

        /** @throws IllegalArgumentException naming the option when a value is out of range */
        public TrainConfig build() {
            return new TrainConfig(data, model, epochs, batchSize, learningRate, optimizer, lrPolicy, seed, threads, device,
                    valSplit, limit, channels, imageSize, prepare, checkpointEvery, keep, patience, mean, augmentation, weightDecay, labelSmoothing, momentum,
                    accumulate, clipGradNorm, initFrom, freeze, freezeEpochs, bodyLrFactor);
        }
    }
}
