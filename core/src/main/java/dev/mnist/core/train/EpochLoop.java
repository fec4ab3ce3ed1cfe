package dev.mnist.core.train;

import dev.mnist.core.Limits;
import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.model.Network;
import dev.mnist.core.run.EpochMetrics;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The training loop of a run set up by {@link Trainer}: for each epoch, each batch in the epoch's
 * order is a {@link TrainingStep}; then the epoch's last step, the validation pass, and the
 * {@link EpochListener}s (checkpoints and the best model, the metrics log, early stopping). At the
 * end the model is saved. A stop asked for between steps saves a checkpoint to resume from.
 */
final class EpochLoop {
    private static final int EVALUATION_BATCH = 500;
    private static final double RUINED_WEIGHT = 1e30;

    private final Trainer.Setup setup;
    private final TrainConfig config;
    private final TrainingListener listener;
    private final BooleanSupplier stopRequested;

    EpochLoop(Trainer.Setup setup, TrainingListener listener, BooleanSupplier stopRequested) {
        this.setup = setup;
        this.config = setup.run().config();
        this.listener = listener;
        this.stopRequested = stopRequested;
    }

    TrainingRun run() {
        int stepsPerEpoch = Trainer.stepsPerEpoch(config, setup.data());
        int batchesPerEpoch = Trainer.batchesPerEpoch(config, setup.data());
        Checkpoints checkpoints = new Checkpoints(setup.folder(), config.checkpointEvery(), config.keep(), setup.history());
        try (StepRecorder recorder = new StepRecorder(setup.folder(), config, batchesPerEpoch, stepsPerEpoch,
                (long) setup.run().startEpoch() * batchesPerEpoch + setup.startBatch())) {
            List<EpochListener> atEpochEnd = List.of(new EarlyStopping(config.patience()), checkpoints, new MetricsLog(setup.folder(),
                    new TrainingCurves.Rates(config.lrPolicy(), config.learningRate(), stepsPerEpoch, config.epochs())), recorder);
            return trainEpochs(checkpoints, atEpochEnd, recorder);
        }
    }

    private TrainingRun trainEpochs(Checkpoints checkpoints, List<EpochListener> atEpochEnd, StepRecorder recorder) {
        TrainingRun run = setup.run();
        TrainingData data = setup.data();
        SameDiff graph = setup.graph();
        List<EpochMetrics> history = setup.history();
        int stepsPerEpoch = Trainer.stepsPerEpoch(config, data);
        InputTensor tensor = new InputTensor(data.contract());
        listener.started(run);
        Network plan = setup.plan();
        // A run stops only between steps, so startBatch is a whole number of them.
        GradientSteps steps = new GradientSteps(graph, config, Freezing.of(config, plan.described()), stepsPerEpoch,
                run.startEpoch() * stepsPerEpoch + setup.startBatch() / config.accumulate());
        TrainingStep step = new TrainingStep(graph, plan, steps, config.seed());
        ValidationGraph validationGraph = new ValidationGraph(graph, plan);
        for (int epoch = run.startEpoch() + 1; epoch <= config.epochs(); epoch++) {
            int[] order = data.epochOrder(config.seed(), epoch);
            int skip = epoch == run.startEpoch() + 1 ? Math.min(order.length, setup.startBatch() * config.batchSize()) : 0;
            listener.epochStarted(epoch, config.epochs(), order.length);
            recorder.epochStarted();
            long start = System.nanoTime();
            BatchIterator batches = new BatchIterator(data.images(), tensor, data.trainingView(config.seed(), epoch), order, skip,
                    config.batchSize(), data.classCount());
            double lossSum = 0;
            while (batches.hasNext()) {
                if (stopRequested.getAsBoolean() && steps.betweenSteps()) {
                    throw stop(checkpoints, graph, epoch, batches.position() / config.batchSize());
                }
                int position = batches.position();
                DataSet batch = batches.next();
                double loss = step.train(batch, epoch, position);
                if (!Double.isFinite(loss)) {
                    throw diverged(epoch, "batch " + (position / config.batchSize() + 1));
                }
                lossSum += loss * (batches.position() - position);
                recorder.batchDone(epoch, position / config.batchSize(), batches.position() - position, loss);
                listener.batchDone(epoch, batches.position(), order.length, lossSum / (batches.position() - skip));
            }
            step.finishEpoch(epoch);
            double seconds = (System.nanoTime() - start) / 1e9;
            // The batch losses come before each update: the epoch's last update may still have ruined the weights.
            if (!allFinite(graph)) {
                throw diverged(epoch, "its last update");
            }
            Evaluation validation = evaluate(validationGraph.current(), data, tensor);
            if (data.validationIndices().length > 0 && !Double.isFinite(validation.loss)) {
                throw diverged(epoch, "validation");
            }
            double rate = config.lrPolicy().rate(config.learningRate(), (long) (epoch - 1) * stepsPerEpoch, stepsPerEpoch,
                    config.epochs());
            double trainLoss = order.length == skip ? Double.NaN : lossSum / (order.length - skip);
            EpochMetrics metrics = new EpochMetrics(epoch, trainLoss, validation.loss, validation.accuracy, rate,
                    seconds, order.length / seconds);
            history.add(metrics);
            EpochEnd end = new EpochEnd(metrics, history, graph, metadata(epoch, 0), epoch == config.epochs());
            atEpochEnd.forEach(l -> l.epochEnded(end));
            listener.epochFinished(metrics, end.best());
            if (end.stopping()) {
                listener.stoppedEarly(epoch, config.patience());
                break;
            }
        }
        int lastEpoch = history.isEmpty() ? run.startEpoch() : history.get(history.size() - 1).epoch();
        checkpoints.saveModel(graph, metadata(lastEpoch, 0), lastEpoch);
        setup.folder().markLatest();
        return run;
    }

    /** Saves a checkpoint {@code batches} batches into {@code epoch}, from which the run resumes exactly. */
    private TrainingStoppedException stop(Checkpoints checkpoints, SameDiff graph, int epoch, int batches) {
        Path checkpoint = checkpoints.saveStopped(graph, metadata(epoch - 1, batches), epoch - 1, batches);
        return new TrainingStoppedException(setup.run().dir(), checkpoint, epoch, batches);
    }

    private ModelMetadata metadata(int epoch, int batchesDone) {
        return new ModelMetadata(ModelMetadata.FORMAT_VERSION, config.model(), setup.data().classNames(), setup.data().contract(),
                epoch, config.seed(), batchesDone, setup.run().parent());
    }

    /**
     * No weight is NaN, infinite or beyond {@link #RUINED_WEIGHT}: a weight that large makes every activation after
     * it overflow, so the network is as lost as with a NaN.
     */
    private static boolean allFinite(SameDiff graph) {
        return graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .allMatch(v -> v.getArr().amaxNumber().doubleValue() <= RUINED_WEIGHT
                        && Double.isFinite(v.getArr().sumNumber().doubleValue()));
    }

    private TrainingDivergedException diverged(int epoch, String where) {
        return new TrainingDivergedException(String.format(Locale.ROOT,
                "training diverged in epoch %d (%s): the loss is no longer a finite number; nothing of this epoch was saved. "
                        + "Try a lower --lr than %s", epoch, where, config.learningRate()));
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
                Limits.evaluationBatch(EVALUATION_BATCH, data.contract().shape().size()), data.classCount());
        double lossSum = 0;
        long correct = 0;
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            Map<String, INDArray> out = graph.output(Map.of(GraphNames.INPUT, batch.getFeatures(), GraphNames.LABEL, batch.getLabels()),
                    GraphNames.LOSS, GraphNames.PROBABILITIES);
            long size = batch.getFeatures().size(0);
            lossSum += out.get(GraphNames.LOSS).getDouble(0) * size;
            INDArray predicted = out.get(GraphNames.PROBABILITIES).argMax(1);
            INDArray actual = batch.getLabels().argMax(1);
            correct += predicted.eq(actual).castTo(DataType.INT).sumNumber().longValue();
        }
        return new Evaluation(lossSum / indices.length, (double) correct / indices.length);
    }
}
