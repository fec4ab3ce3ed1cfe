package dev.mnist.core.train;

import dev.mnist.core.BuildInfo;
import dev.mnist.core.ComputeThreads;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.model.NetworkBuilder;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains a network on a data set into a run folder, epoch by epoch, or resumes such a run from its
 * last checkpoint. The loop itself fits, validates and reports; what happens at the end of an epoch
 * (checkpoints and the best model, the metrics log, early stopping) is its {@link EpochListener}s'.
 */
public final class Trainer {
    private static final int EVALUATION_BATCH = 500;
    private static final double RUINED_WEIGHT = 1e30;
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

    /** A run's data and its network, fresh or started from {@code --init-from}'s model, and how its preparation was chosen. */
    private record Start(TrainingData data, SameDiff graph, Initialization initialization, String preparationReason) {
    }

    /** {@code preparation}: a resumed run's; null to decide it from the configuration (and the parent). */
    private static Start prepare(TrainConfig config, Preparation preparation) {
        ParentModel parent = config.initFrom() == null ? null : ParentModel.load(config.initFrom());
        Preparation inherited = preparation == null && parent != null && config.prepare() == Prepare.AUTO
                ? parent.preparation(config) : null;
        Preparation chosen = preparation != null ? preparation : inherited != null ? inherited : config.prepare().preparation();
        TrainingData data = TrainingData.load(config, chosen);
        String reason = inherited != null ? "the parent model's" : data.preparationReason();
        if (parent == null) {
            return new Start(data, newGraph(config, data), null, reason);
        }
        data = parent.adapt(data, config);
        SameDiff graph = newGraph(config, data);
        NetworkBuilder plan = Architectures.byName(config.model()).plan(data.contract().shape(), data.classCount());
        return new Start(data, graph, parent.copyInto(graph, plan, data.classNames()), reason);
    }

    /**
     * Continues the run in {@code dir} from its last checkpoint, with its optimizer state, epoch
     * counter, input contract and data order (mid-epoch when training was stopped there), up to
     * {@code epochs} in all (its configured count when 0). A run stopped before its first
     * checkpoint, with no model.zip yet, starts again from the beginning, as it began. A run with its
     * model.zip and all its epochs trained, or with its model.zip and no checkpoint, is refused.
     */
    public TrainingRun resume(Path dir, int epochs) {
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
            return fit(run, folder, loaded.graph(), data, history, saved.batchesDone());
        }
    }

    private TrainingRun start(RunFolder folder, TrainConfig config, Start start, String device) {
        TrainingRun run = run(folder, config, start.data(), device, 0, start.initialization(), start.preparationReason());
        folder.writeRun(run);
        if (start.data().augmenter() != null) {
            AugmentationPreview.write(start.data(), config.seed(), folder.augmented());
        }
        return fit(run, folder, start.graph(), start.data(), new ArrayList<>(), 0);
    }

    /** A freshly initialised network for this data, once its size is checked against the {@link Limits}. */
    private static SameDiff newGraph(TrainConfig config, TrainingData data) {
        return newGraph(config, data, PolicySchedule.of(config.lrPolicy(), config.learningRate(), stepsPerEpoch(config, data),
                config.epochs()));
    }

    /** The same, its learning rate by batch from {@code rate}. */
    static SameDiff newGraph(TrainConfig config, TrainingData data, ISchedule rate) {
        Architecture architecture = Architectures.byName(config.model());
        checkSizes(architecture, data, config);
        SameDiff graph = architecture.trainingGraph(data.contract().shape(), data.classCount(), config.seed(),
                config.labelSmoothing());
        graph.setTrainingConfig(trainingConfig(config, architecture.plan(data.contract().shape(), data.classCount()), rate));
        return graph;
    }

    static int batchesPerEpoch(TrainConfig config, TrainingData data) {
        return (data.trainIndices().length + config.batchSize() - 1) / config.batchSize();
    }

    /** Optimizer steps per epoch: the learning rate's unit (see {@link GradientSteps}). */
    static int stepsPerEpoch(TrainConfig config, TrainingData data) {
        return (batchesPerEpoch(config, data) + config.accumulate() - 1) / config.accumulate();
    }

    /** The network and a batch of this data fit the {@link Limits}, before anything is allocated. */
    private static void checkSizes(Architecture architecture, TrainingData data, TrainConfig config) {
        try {
            architecture.check(data.contract().shape(), data.classCount());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(config.data() + ": " + e.getMessage(), e);
        }
        long batchValues = (long) config.batchSize() * data.contract().shape().size();
        if (batchValues > Limits.MAX_BATCH_VALUES) {
            throw new InvalidInputException(String.format(java.util.Locale.ROOT,
                    "%s: a batch of %d images of %s is %,d values; at most %,d fit (lower --batch-size)",
                    config.data(), config.batchSize(), data.contract().shape(), batchValues, Limits.MAX_BATCH_VALUES));
        }
    }

    private TrainingRun fit(TrainingRun run, RunFolder folder, SameDiff graph, TrainingData data, List<EpochMetrics> history,
                            int startBatch) {
        try (ComputeThreads.Limit threads = ComputeThreads.limit(run.config().threads())) {
            return fitEpochs(run, folder, graph, data, history, startBatch);
        }
    }

    private TrainingRun fitEpochs(TrainingRun run, RunFolder folder, SameDiff graph, TrainingData data, List<EpochMetrics> history,
                                  int startBatch) {
        TrainConfig config = run.config();
        Checkpoints checkpoints = new Checkpoints(folder, config.checkpointEvery(), config.keep(), history);
        List<EpochListener> atEpochEnd = List.of(new EarlyStopping(config.patience()), checkpoints, new MetricsLog(folder,
                new TrainingCurves.Rates(config.lrPolicy(), config.learningRate(), stepsPerEpoch(config, data), config.epochs())));
        InputTensor tensor = new InputTensor(data.contract());
        listener.started(run);
        withoutStdout(graph::createGradFunction);
        BatchProgress progress = new BatchProgress(config.labelSmoothing());
        Architecture architecture = Architectures.byName(config.model());
        NetworkBuilder plan = architecture.plan(data.contract().shape(), data.classCount());
        // A run stops only between steps, so startBatch is a whole number of them.
        int stepsPerEpoch = stepsPerEpoch(config, data);
        GradientSteps steps = GradientSteps.install(graph, config, Freezing.of(config, plan.layers()), stepsPerEpoch,
                run.startEpoch() * stepsPerEpoch + startBatch / config.accumulate());
        graph.setListeners(progress, new RunningStatistics(graph, plan.batchStatistics()), new OffHeapCollector(), steps);
        ValidationGraph validationGraph = new ValidationGraph(graph, architecture, data.contract().shape(), data.classCount());
        for (int epoch = run.startEpoch() + 1; epoch <= config.epochs(); epoch++) {
            int[] order = data.epochOrder(config.seed(), epoch);
            int skip = epoch == run.startEpoch() + 1 ? Math.min(order.length, startBatch * config.batchSize()) : 0;
            if (stopRequested) {
                stop(run, checkpoints, graph, data, epoch, skip / config.batchSize(), false);
            }
            listener.epochStarted(epoch, config.epochs(), order.length);
            progress.start(epoch, order.length, skip);
            long start = System.nanoTime();
            BatchIterator batches = new BatchIterator(data.images(), tensor, data.trainingView(config.seed(), epoch), order, skip,
                    config.batchSize(), data.classCount(), () -> stopRequested && steps.betweenSteps() || progress.diverged());
            graph.fit(new DropoutMasks(batches, plan.dropoutMasks(), config.seed(), epoch), 1);
            if (progress.diverged()) {
                throw diverged(config, epoch, "batch " + (batches.position() + config.batchSize() - 1) / config.batchSize());
            }
            if (batches.position() < order.length) {
                stop(run, checkpoints, graph, data, epoch, batches.position() / config.batchSize(), true);
            }
            steps.finishEpoch(epoch - 1);
            double seconds = (System.nanoTime() - start) / 1e9;
            // The batch losses come before each update: the epoch's last update may still have ruined the weights.
            if (!allFinite(graph)) {
                throw diverged(config, epoch, "its last update");
            }
            Evaluation validation = evaluate(validationGraph.current(), data, tensor);
            if (data.validationIndices().length > 0 && !Double.isFinite(validation.loss)) {
                throw diverged(config, epoch, "validation");
            }
            double rate = config.lrPolicy().rate(config.learningRate(), (long) (epoch - 1) * stepsPerEpoch, stepsPerEpoch,
                    config.epochs());
            EpochMetrics metrics = new EpochMetrics(epoch, progress.meanLoss(), validation.loss, validation.accuracy, rate,
                    seconds, order.length / seconds);
            history.add(metrics);
            EpochEnd end = new EpochEnd(metrics, history, graph, metadata(run, data, epoch, 0), epoch == config.epochs());
            atEpochEnd.forEach(l -> l.epochEnded(end));
            listener.epochFinished(metrics, end.best());
            if (end.stopping()) {
                listener.stoppedEarly(epoch, config.patience());
                break;
            }
        }
        int lastEpoch = history.isEmpty() ? run.startEpoch() : history.get(history.size() - 1).epoch();
        ModelFile.save(folder.model(), graph, metadata(run, data, lastEpoch, 0));
        folder.markLatest();
        return run;
    }

    /**
     * No weight is NaN, infinite or beyond {@link #RUINED_WEIGHT}: a weight that large makes every activation after
     * it overflow, so the network is as lost as with a NaN.
     */
    private static boolean allFinite(SameDiff graph) {
        return graph.variables().stream().filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
                .allMatch(v -> v.getArr().amaxNumber().doubleValue() <= RUINED_WEIGHT
                        && Double.isFinite(v.getArr().sumNumber().doubleValue()));
    }

    private static TrainingDivergedException diverged(TrainConfig config, int epoch, String where) {
        return new TrainingDivergedException(String.format(java.util.Locale.ROOT,
                "training diverged in epoch %d (%s): the loss is no longer a finite number; nothing of this epoch was saved. "
                        + "Try a lower --lr than %s", epoch, where, config.learningRate()));
    }

    /**
     * Saves a checkpoint {@code batches} batches into {@code epoch} and ends the run. SameDiff counted
     * the cut-short epoch as done; the counter is set back so the learning-rate schedule resumes right.
     */
    private static void stop(TrainingRun run, Checkpoints checkpoints, SameDiff graph, TrainingData data, int epoch, int batches,
                             boolean epochCounted) {
        if (epochCounted) {
            graph.getTrainingConfig().setEpochCount(graph.getTrainingConfig().getEpochCount() - 1);
        }
        Path checkpoint = checkpoints.saveStopped(graph, metadata(run, data, epoch - 1, batches), epoch - 1, batches);
        throw new TrainingStoppedException(run.dir(), checkpoint, epoch, batches);
    }

    private static ModelMetadata metadata(TrainingRun run, TrainingData data, int epoch, int batchesDone) {
        return new ModelMetadata(ModelMetadata.FORMAT_VERSION, run.config().model(), data.classNames(), data.contract(),
                epoch, run.config().seed(), batchesDone, run.parent());
    }

    private static TrainingRun run(RunFolder folder, TrainConfig config, TrainingData data, String device, int startEpoch,
                                   Initialization initialization, String preparationReason) {
        return new TrainingRun(folder.name(), folder.dir(), config, data.set().format(), data.set().source(),
                data.trainIndices().length, data.validationIndices().length, data.classNames(), data.contract(),
                preparationReason, device + " (" + Backend.describe(config.threads()) + ")", startEpoch,
                Map.of("mnist", BuildInfo.version(), "nd4j", BuildInfo.nd4jVersion(), "backend", BuildInfo.nd4jBackend(),
                        "java", System.getProperty("java.version")), initialization);
    }

    /** Batches feed the input, then each dropout mask (see {@link DropoutMasks}), and the labels. */
    static TrainingConfig trainingConfig(TrainConfig config, NetworkBuilder plan, ISchedule rate) {
        List<String> features = new ArrayList<>(List.of(GraphNames.INPUT));
        plan.dropoutMasks().forEach(mask -> features.add(mask.placeholder()));
        TrainingConfig trainingConfig = new TrainingConfig.Builder()
                .updater(config.optimizer().updater(rate, config.momentum()))
                .dataSetFeatureMapping(features)
                .dataSetLabelMapping(GraphNames.LABEL)
                .build();
        // Without naming it here, listeners see a loss of 0 in 1.0.0-M2.1 (deeplearning4j#9853).
        trainingConfig.setLossVariables(List.of(GraphNames.LOSS));
        return trainingConfig;
    }

    private record Evaluation(double loss, double accuracy) {
    }

    /** Mean loss and accuracy of the graph on the validation images, by forward passes only. */
    private static Evaluation evaluate(SameDiff graph, TrainingData data, InputTensor tensor) {
        int[] indices = data.validationIndices();
        if (indices.length == 0) {
            return new Evaluation(Double.NaN, Double.NaN);
        }
        BatchIterator batches = new BatchIterator(data.images(), tensor, data.validationView(), indices,
                Limits.batchFor(EVALUATION_BATCH, data.contract().shape().size()), data.classCount());
        double lossSum = 0;
        long correct = 0;
        while (batches.hasNext()) {
            var batch = batches.next();
            Map<String, INDArray> out = graph.output(Map.of(GraphNames.INPUT, batch.getFeatures(), GraphNames.LABEL, batch.getLabels()),
                    GraphNames.LOSS, GraphNames.PROBABILITIES);
            long size = batch.getFeatures().size(0);
            lossSum += out.get(GraphNames.LOSS).getDouble(0) * size;
            INDArray predicted = out.get(GraphNames.PROBABILITIES).argMax(1);
            INDArray actual = batch.getLabels().argMax(1);
            correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        }
        return new Evaluation(lossSum / indices.length, (double) correct / indices.length);
    }

    /** ND4J announces each gradient op it adds on System.out; stdout belongs to the caller's results. */
    static void withoutStdout(Runnable action) {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            action.run();
        } finally {
            System.setOut(stdout);
        }
    }

    /** Forwards batch progress and the running loss (see {@link BatchLoss}) to the listener. */
    private final class BatchProgress extends BatchLoss {
        private int epoch;
        private int total;
        private int from;
        private int done;
        private double lossSum;
        private boolean diverged;

        BatchProgress(double labelSmoothing) {
            super(labelSmoothing);
        }

        /** An epoch of {@code total} images starts, at image {@code from} when resumed mid-epoch. */
        void start(int epoch, int total, int from) {
            this.epoch = epoch;
            this.total = total;
            this.from = from;
            done = from;
            lossSum = 0;
        }

        /** True once a batch's loss was NaN or infinite. */
        boolean diverged() {
            return diverged;
        }

        /** Mean loss per image over the images of this epoch trained in this process. */
        double meanLoss() {
            return done == from ? Double.NaN : lossSum / (done - from);
        }

        @Override
        public void iterationDone(SameDiff sd, At at, MultiDataSet dataSet, Loss loss) {
            int size = (int) dataSet.getFeatures(0).size(0);
            if (!Double.isFinite(loss())) {
                diverged = true;
                return;
            }
            done += size;
            lossSum += loss() * size;
            listener.batchDone(epoch, done, total, meanLoss());
        }
    }
}
