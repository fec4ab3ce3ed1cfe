package dev.mnist.cli;

import dev.mnist.cli.mixin.DataOption;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.train.Device;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.train.LrSchedule;
import dev.mnist.core.train.Optimizer;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.data.augment.Augmentation;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.train.Prepare;
import dev.mnist.core.train.TrainConfig;
import dev.mnist.core.train.Trainer;
import dev.mnist.core.train.TrainingListener;
import dev.mnist.core.train.TrainingRun;
import dev.mnist.core.train.TrainingStoppedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network (LeNet by default) and keep its models, checkpoints and metrics in runs/<name>/.",
        footer = {"", "The run folder holds model.zip (final), best.zip (best validation accuracy), "
                + "checkpoints/epoch-NNN.zip, metrics.csv and run.json; runs/latest points at the newest run. "
                + "A model zip carries its class names and its input contract: the input's size and channels, "
                + "how images are resized and scaled, and their preparation (--prepare).",
                "", "SIGTERM or Ctrl-C stops training after the current batch with a checkpoint "
                + "(checkpoints/epoch-NNN-batch-BBBBB.zip) that --resume continues from exactly."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Option(names = "--model", defaultValue = Architectures.DEFAULT, paramLabel = "NAME",
            description = "Architecture: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).", completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--epochs", defaultValue = "" + TrainConfig.DEFAULT_EPOCHS, description = "Epochs in all (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + TrainConfig.DEFAULT_BATCH_SIZE, description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + TrainConfig.DEFAULT_LEARNING_RATE, description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, sgd or nesterov (default: ${DEFAULT-VALUE}).")
    Optimizer optimizer;

    @Option(names = "--lr-schedule", defaultValue = "none",
            description = "none, step (halve every 2 epochs) or exponential (x0.8 each epoch) (default: ${DEFAULT-VALUE}).")
    LrSchedule lrSchedule;

    @Option(names = "--seed", defaultValue = "" + TrainConfig.DEFAULT_SEED, description = "Seed for weights, split and data order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "" + TrainConfig.DEFAULT_THREADS, description = "CPU threads; 0 for all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE}).")
    Device device;

    @Option(names = "--val-split", defaultValue = "" + TrainConfig.DEFAULT_VAL_SPLIT,
            description = "Fraction of the training set held out for validation; 0 trains on all of it, "
                    + "without validation scores or best.zip (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--limit", defaultValue = "" + TrainConfig.DEFAULT_LIMIT, description = "Use only the first N training images; 0 for all.")
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
    Prepare prepare;

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

    @Option(names = "--run", paramLabel = "NAME", description = "Run folder name under --runs (default: a timestamp).")
    String runName;

    @Option(names = "--runs", defaultValue = RunFolder.DEFAULT_RUNS, paramLabel = "DIR", description = "Folder of runs (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--checkpoint-every", defaultValue = "" + TrainConfig.DEFAULT_CHECKPOINT_EVERY, paramLabel = "N", description = "Checkpoint every N epochs (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--keep", defaultValue = "" + TrainConfig.DEFAULT_KEEP, paramLabel = "N", description = "Checkpoints to keep (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--patience", defaultValue = "" + TrainConfig.DEFAULT_PATIENCE, paramLabel = "N",
            description = "Stop when validation accuracy has not improved for N epochs; 0 never (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue this run from its last checkpoint (its own settings; --epochs may raise the total).")
    Path resume;

    /** How long a signal waits for the batch in progress to end and its checkpoint to be written. */
    private static final long STOP_GRACE_SECONDS = 60;

    @Override
    public Integer call() {
        Terminal terminal = Terminal.of(spec);
        Trainer trainer = new Trainer(new Progress(terminal));
        TrainingRun run;
        // SIGTERM or SIGINT: stop after the current batch with a checkpoint, then let the JVM exit.
        StopOnSignal onSignal = new StopOnSignal("mnist-stop-training", trainer::requestStop, STOP_GRACE_SECONDS);
        try {
            run = trainOrResume(trainer);
        } catch (TrainingStoppedException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("mnist: " + e.getMessage());
            err.flush();
            return ExitCode.INTERRUPTED;
        } finally {
            onSignal.finished();
        }
        EpochMetrics last = new RunFolder(run.dir()).metrics().stream().reduce((a, b) -> b).orElse(null);
        StringBuilder result = new StringBuilder("model: ").append(run.dir().resolve(RunFolder.MODEL));
        if (last != null) {
            result.append("  epochs: ").append(last.epoch());
            if (!Double.isNaN(last.valAccuracy())) {
                result.append(String.format(Locale.ROOT, "  val_accuracy: %.4f", last.valAccuracy()));
            }
        }
        terminal.out().println(result);
        terminal.out().flush();
        return ExitCode.OK;
    }

    private TrainingRun trainOrResume(Trainer trainer) {
        if (resume != null) {
            boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
            if (epochsGiven && epochs < 1) {
                throw new ParameterException(spec.commandLine(), "--epochs must be at least 1");
            }
            return trainer.resume(resume, epochsGiven ? epochs : 0);
        }
        return trainer.train(config(), runs, runName);
    }

    /** A run's name is one plain folder name under --runs; {@code latest} is the link's. */
    private static final java.util.regex.Pattern RUN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

    private TrainConfig config() {
        if (runName != null && (!RUN_NAME.matcher(runName).matches() || runName.equals(RunFolder.LATEST))) {
            throw new ParameterException(spec.commandLine(), "--run must be a plain folder name (letters, digits, '.', '_', '-'; "
                    + "not 'latest'), not '" + runName + "'");
        }
        try {
            return TrainConfig.builder(data.path()).model(model).epochs(epochs).batchSize(batchSize).learningRate(learningRate)
                    .optimizer(optimizer).lrSchedule(lrSchedule).seed(seed).threads(threads).device(device).valSplit(valSplit)
                    .limit(limit).channels(channels).imageSize(imageSize).prepare(prepare).checkpointEvery(checkpointEvery)
                    .keep(keep).patience(patience).mean(mean)
                    .augmentation(new Augmentation(cropSize, flip, rotate, shift, scale, noise, hsv, elastic)).build();
        } catch (IllegalArgumentException | InvalidInputException e) {
            // Out of range, or an unknown --model: a mistake on the command line.
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Architectures.names().iterator();
        }
    }

    /** A progress bar per epoch and a summary line after it. */
    private static final class Progress implements TrainingListener {
        private final Terminal terminal;
        private ProgressBar bar;

        Progress(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public void started(TrainingRun run) {
            TrainConfig c = run.config();
            terminal.info("run:      %s%s", run.dir(), run.startEpoch() > 0 ? " (resuming after epoch " + run.startEpoch() + ")" : "");
            terminal.info("data:     %s (%s): %d training, %d validation images, %d classes",
                    run.dataSource(), run.dataFormat(), run.trainImages(), run.validationImages(), run.classNames().size());
            terminal.info("input:    %s (%s)", run.input(), run.preparationReason());
            terminal.info("model:    %s, %d epochs, batch %d, %s lr %s (%s schedule), seed %d",
                    c.model(), c.epochs(), c.batchSize(), c.optimizer().name().toLowerCase(Locale.ROOT), c.learningRate(),
                    c.lrSchedule().name().toLowerCase(Locale.ROOT), c.seed());
            if (!c.augmentation().equals(Augmentation.NONE)) {
                terminal.info("augment:  %s (training only)", c.augmentation().describe());
            }
            terminal.info("device:   %s", run.device());
        }

        @Override
        public void epochStarted(int epoch, int epochs, int images) {
            bar = terminal.progress(String.format("epoch %d/%d", epoch, epochs), images, ProgressBar.Unit.IMAGES);
        }

        @Override
        public void batchDone(int epoch, int imagesDone, int images, double runningLoss) {
            bar.update(imagesDone, String.format(Locale.ROOT, "loss %.4f", runningLoss));
        }

        @Override
        public void epochFinished(EpochMetrics m, boolean best) {
            bar.finish(String.format(Locale.ROOT, "train_loss %.4f  val_loss %.4f  val_acc %.4f  lr %.3g  %.1f s  %.0f img/s%s",
                    m.trainLoss(), m.valLoss(), m.valAccuracy(), m.learningRate(), m.seconds(), m.imagesPerSecond(), best ? "  (best)" : ""));
        }

        @Override
        public void stoppedEarly(int epoch, int patience) {
            terminal.info("stopped early after epoch %d: no improvement in validation accuracy for %d epochs", epoch, patience);
        }
    }
}
