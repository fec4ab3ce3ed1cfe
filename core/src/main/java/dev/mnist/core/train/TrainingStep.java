package dev.mnist.core.train;

import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.Network;
import dev.mnist.core.nd4j.GradientPass;
import dev.mnist.core.nd4j.OffHeapCollector;
import dev.mnist.core.nd4j.PlainPooling;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the graph on one batch: draws its dropout masks, computes its loss, every trainable
 * weight's gradient and the batch statistics in one pass ({@link GradientPass}),
 * moves the running statistics, and hands the gradients to the optimizer ({@link GradientSteps}),
 * which steps when its batches are in. The graph's iteration count is the run's batch count.
 */
final class TrainingStep {
    private final SameDiff graph;
    private final TrainingConfig counts;
    private final GradientSteps steps;
    private final DropoutMasks masks;
    private final RunningStatistics statistics;
    private final OffHeapCollector collector = new OffHeapCollector();
    private final GradientPass pass;

    TrainingStep(SameDiff graph, Network plan, GradientSteps steps, long seed) {
        this.graph = graph;
        this.counts = graph.getTrainingConfig();
        this.steps = steps;
        this.masks = new DropoutMasks(plan.dropoutMasks(), seed);
        this.statistics = new RunningStatistics(graph, plan.batchStatistics());
        List<String> outputs = new ArrayList<>();
        outputs.add(GraphNames.LOSS);
        outputs.addAll(statistics.batchOutputs());
        graph.setListeners(collector, new PlainPooling());
        this.pass = new GradientPass(graph, outputs, steps.names());   // builds the gradient function
        collector.graphBuilt();
    }

    GradientSteps steps() {
        return steps;
    }

    /**
     * Trains on {@code batch}, the images from {@code position} in epoch {@code epoch}'s order
     * (counted from 1), and returns its loss (the mean over its images, before this step). A loss
     * that is not a finite number changes nothing: the caller stops.
     */
    double train(DataSet batch, int epoch, int position) {
        int size = (int) batch.getFeatures().size(0);
        Map<String, INDArray> placeholders = new HashMap<>(masks.draw(epoch, position, size));
        collector.made(placeholders.values());   // the batch's own arrays are the iterator's, written again for the next
        placeholders.put(GraphNames.INPUT, batch.getFeatures());
        placeholders.put(GraphNames.LABEL, batch.getLabels());
        OutAndGrad result = pass.run(placeholders);
        double loss = result.getOutputs().get(GraphNames.LOSS).getDouble(0);
        if (!Double.isFinite(loss)) {
            return loss;
        }
        statistics.update(result.getOutputs(), size, counts.getIterationCount());
        steps.add(result.getGradients(), epoch - 1);
        counts.incrementIterationCount();
        collector.stepDone();
        return loss;
    }

    /** Ends epoch {@code epoch}: a step of its last batches, if they are fewer than a step's. */
    void finishEpoch(int epoch) {
        steps.finishEpoch(epoch - 1);
        counts.setEpochCount(epoch);
    }
}
