package dev.mnist.core.train;

import dev.mnist.core.BuildInfo;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.image.PreparationChoice;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.model.Network;
import dev.mnist.core.model.TrainingGraph;
import dev.mnist.core.nd4j.ComputeThreads;
import dev.mnist.core.nd4j.SingleThreadArrays;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.RunState;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.schedule.ISchedule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a network on a data set into a run folder, or resumes such a run from its last checkpoint.
 * This sets the run up (a new network, one started from {@code --init-from}'s model, or a checkpoint
 * resumed) into a {@link Setup}; the {@link EpochLoop} trains it.
 */
public final class Trainer {
    private final TrainingListener listener;
    private volatile boolean stopRequested;

    public Trainer(TrainingListener listener) {
        this.listener = listener;
    }

    /**
     * Asks a running {@link #train} or {@link #resume} to stop after the batch in progress: it saves
     * a checkpoint there, from which {@link #resume} continues exactly, and throws
     * {@link TrainingStoppedException}. Safe to call from any thread, e.g. a signal's shutdown hook.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Starts a new run in {@code runs/<name>} (a timestamp when name is null) and trains it. */
    public TrainingRun train(TrainConfig config, Path runs, String name) {
        String device = Backend.resolve(config.device());
        Start start = prepare(config, null);
        try (RunFolder.Lock lock = RunFolder.create(runs, name)) {
            return start(lock.folder(), config, start, device);
        }
    }

    /**
     * What the training loop starts from: the run folder and its record, the data, the network's
     * plan and its graph, the epochs trained so far (none for a new run) and the batches of the next
     * one already trained.
     */
    record Setup(RunFolder folder, TrainingRun run, TrainingData data, Network plan, SameDiff graph,
                 List<EpochMetrics> history, int startBatch) {
    }

    /** A new run's data and its network, fresh or started from {@code --init-from}'s model, and how its preparation was chosen. */
    private record Start(TrainingData data, Network plan, SameDiff graph, Initialization initialization,
                         String preparationReason) {
    }

    /** {@code preparation}: a resumed run's; null to decide it from the configuration (and the parent). */
    private static Start prepare(TrainConfig config, Preparation preparation) {
        ParentModel parent = config.initFrom() == null ? null : ParentModel.load(config.initFrom());
        Preparation inherited = preparation == null && parent != null && config.prepare() == PreparationChoice.AUTO
                ? parent.preparation(config) : null;
        Preparation chosen = preparation != null ? preparation : inherited != null ? inherited : config.prepare().preparation();
        TrainingData data = TrainingData.load(config, chosen);
        String reason = inherited != null ? "the parent model's" : data.preparationReason();
        if (parent != null) {
            data = parent.adapt(data, config);
        }
        Network plan = plan(config, data);
        SameDiff graph = newGraph(config, data, plan);
        return new Start(data, plan, graph, parent == null ? null : parent.copyInto(graph, plan, data.classNames()), reason);
    }

    /**
     * Continues the run in {@code dir} from its last checkpoint, with its optimizer state, epoch
     * counter, input contract and data order (mid-epoch when training was stopped there), up to
     * {@code epochs} in all (its configured count when 0). A run stopped before its first
     * checkpoint, with no model.zip yet, starts again from the beginning, as it began. A run with its
     * model.zip and all its epochs trained, or with its model.zip and no checkpoint, is refused.
     */
    public TrainingRun resume(Path dir, int epochs) {
        RunFolder.latestIsOurs(dir.toAbsolutePath().getParent());
        RunFolder folder = new RunFolder(dir);
        try (RunFolder.Lock lock = folder.lock()) {
            TrainingRun previous = folder.readRun(TrainingRun.class);
            if (epochs > 0 && epochs != previous.config().epochs() && previous.config().lrPolicy().spansTheRun()) {
                throw new InvalidInputException(dir + ": its " + previous.config().lrPolicy().policy().id()
                        + " learning rate is laid out over its " + previous.config().epochs()
                        + " epochs; it cannot be resumed to another number (train a new run with --epochs " + epochs + ")");
            }
            TrainConfig config = epochs > 0 ? previous.config().withEpochs(epochs) : previous.config();
            String device = Backend.resolve(config.device());
            Optional<Path> checkpoint = folder.latestCheckpoint();
            if (checkpoint.isEmpty()) {
                // Starting again would replace the model the run made; with none, nothing is lost.
                if (Files.exists(folder.model())) {
                    throw new InvalidInputException(dir + ": its " + RunFolder.CHECKPOINTS + "/ folder holds no checkpoint, so it "
                            + "cannot be resumed; its model.zip can start a new run: --init-from " + dir);
                }
                return start(folder, config, prepare(config, previous.input() != null ? previous.input().preparation() : null), device);
            }
            ModelFile.Loaded loaded = ModelFile.load(checkpoint.get());
            ModelMetadata saved = loaded.metadata();
            TrainingData data = TrainingData.load(config, saved.input().preparation());
            if (!saved.inputShape().equals(data.contract().shape()) || saved.classNames().size() != data.classCount()) {
                throw new InvalidInputException(checkpoint.get() + ": model is for " + saved.inputShape() + " images and "
                        + saved.classNames().size() + " classes; the data has " + data.contract().shape() + " and " + data.classCount());
            }
            int doneEpochs = saved.epoch();
            // A run stopped after its last checkpoint but before model.zip goes on to write model.zip.
            if (doneEpochs >= config.epochs() && Files.exists(folder.model())) {
                throw new InvalidInputException(dir + ": has already trained " + doneEpochs + " epochs"
                        + (epochs > 0 ? " and --epochs " + epochs + " asks for no more" : ", all of its " + config.epochs())
                        + (config.lrPolicy().spansTheRun() ? "" : "; --epochs " + (doneEpochs + 1) + " or more trains on"));
            }
            List<EpochMetrics> history = new ArrayList<>(folder.metrics().stream().filter(m -> m.epoch() <= doneEpochs).toList());
            // The checkpoint's contract is the run's: a fine-tuned run's mean may be its parent's, not this data's.
            data = data.withContract(saved.input());
            TrainingRun run = run(folder, config, data, device, doneEpochs, previous.initialization(), previous.preparationReason());
            folder.writeRun(run);
            return train(new Setup(folder, run, data, plan(config, data), loaded.graph(), history, saved.batchesDone()));
        }
    }

    private TrainingRun start(RunFolder folder, TrainConfig config, Start start, String device) {
        TrainingRun run = run(folder, config, start.data(), device, 0, start.initialization(), start.preparationReason());
        folder.writeRun(run);
        if (start.data().augmenter() != null) {
            AugmentationPreview.write(start.data(), config.seed(), folder.augmented());
        }
        return train(new Setup(folder, run, start.data(), start.plan(), start.graph(), new ArrayList<>(), 0));
    }

    /** Trains the run set up, recording in its state.json how it ends. */
    private TrainingRun train(Setup setup) {
        double secondsBefore = setup.history().stream().mapToDouble(EpochMetrics::seconds).sum();
        try (ComputeThreads.Limit threads = ComputeThreads.limit(setup.run().config().threads());
             RunProgress progress = RunProgress.start(setup.folder(), secondsBefore)) {
            try {
                SingleThreadArrays.use(setup.graph());
                TrainingRun run = new EpochLoop(setup, listener, () -> stopRequested).run();
                progress.ended(RunState.Status.FINISHED, null);
                return run;
            } catch (TrainingStoppedException e) {
                progress.ended(RunState.Status.STOPPED, e.getMessage());
                throw e;
            } catch (TrainingDivergedException e) {
                progress.ended(RunState.Status.DIVERGED, e.getMessage());
                throw e;
            } catch (RuntimeException | Error e) {
                progress.ended(RunState.Status.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            }
        }
    }

    /**
     * The run's network for this data, planned once, and checked with a batch of this data against
     * the {@link Limits} before anything is allocated.
     */
    static Network plan(TrainConfig config, TrainingData data) {
        Network network;
        try {
            network = Architectures.byName(config.model()).check(data.contract().shape(), data.classCount());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(config.data() + ": " + e.getMessage(), e);
        }
        long batchValues = (long) config.batchSize() * data.contract().shape().size();
        if (batchValues > Limits.MAX_BATCH_VALUES) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                    "%s: a batch of %d images of %s is %,d values; at most %,d fit (lower --batch-size)",
                    config.data(), config.batchSize(), data.contract().shape(), batchValues, Limits.MAX_BATCH_VALUES));
        }
        return network;
    }

    /** A freshly initialised graph of {@code plan}, its learning rate by the run's policy. */
    private static SameDiff newGraph(TrainConfig config, TrainingData data, Network plan) {
        return newGraph(config, data, plan, PolicySchedule.of(config.lrPolicy(), config.learningRate(), stepsPerEpoch(config, data),
                config.epochs()));
    }

    /** The same, its learning rate by batch from {@code rate}. */
    static SameDiff newGraph(TrainConfig config, TrainingData data, Network plan, ISchedule rate) {
        SameDiff graph = TrainingGraph.build(plan, config.seed(), config.labelSmoothing());
        graph.setTrainingConfig(trainingConfig(config, plan, rate));
        return graph;
    }

    static int batchesPerEpoch(TrainConfig config, TrainingData data) {
        return (data.trainIndices().length + config.batchSize() - 1) / config.batchSize();
    }

    /** Optimizer steps per epoch: the learning rate's unit (see {@link GradientSteps}). */
    static int stepsPerEpoch(TrainConfig config, TrainingData data) {
        return (batchesPerEpoch(config, data) + config.accumulate() - 1) / config.accumulate();
    }

    private static TrainingRun run(RunFolder folder, TrainConfig config, TrainingData data, String device, int startEpoch,
                                   Initialization initialization, String preparationReason) {
        return new TrainingRun(folder.name(), folder.dir(), config, data.set().format(), data.set().source(),
                data.trainIndices().length, data.validationIndices().length, data.classNames(), data.contract(),
                preparationReason, device + " (" + Backend.describe(config.threads()) + ")", startEpoch,
                Map.of("mnist", BuildInfo.version(), "nd4j", BuildInfo.nd4jVersion(), "backend", BuildInfo.nd4jBackend(),
                        "java", System.getProperty("java.version")), initialization, data.set().skipped());
    }

    /**
     * The optimizer and the graph's batch and epoch counts, saved with it. The feature and label
     * mappings are those that graphs saved by earlier versions, which trained by {@code fit}, carry.
     */
    static TrainingConfig trainingConfig(TrainConfig config, Network plan, ISchedule rate) {
        List<String> features = new ArrayList<>(List.of(GraphNames.INPUT));
        plan.dropoutMasks().forEach(mask -> features.add(mask.placeholder()));
        return new TrainingConfig.Builder()
                .updater(config.optimizer().updater(rate, config.momentum()))
                .dataSetFeatureMapping(features)
                .dataSetLabelMapping(GraphNames.LABEL)
                .build();
    }
}
