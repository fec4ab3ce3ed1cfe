package dev.mnist.core.train;

import dev.mnist.core.nd4j.TrainingState;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The optimizer: makes a step every {@code accumulate} batches from the mean of their gradients,
 * scaled down to a global L2 norm of at most {@code clipNorm} (PyTorch's {@code clip_grad_norm_};
 * 0: no clipping), put through each weight's updater, then decoupled weight decay, and taken off the
 * weight. Steps count from {@code stepsDone}: the learning rate follows steps, not batches. A frozen
 * body ({@link Freezing}) is left as it is; once it trains, its steps are scaled by the body's rate
 * factor. The updaters are the graph's own, in its updater map, so a checkpoint saves their state.
 */
final class GradientSteps {
    /** A trainable weight, its updater and, when batches are accumulated, the sum of their gradients. */
    private record Weight(String name, INDArray value, GradientUpdater<?> updater, INDArray sum, boolean body) {
    }

    private final List<Weight> weights = new ArrayList<>();
    private final IUpdater updaterConfig;
    private final int accumulate;
    private final double clipNorm;
    private final WeightDecay weightDecay;
    private final Freezing freezing;
    private final int stepsPerEpoch;
    /** The gradients of this step so far, when they are not summed; one batch's. */
    private Map<String, INDArray> single;
    private int step;
    private int batchesInStep;

    /**
     * The steps of {@code graph}, whose training config is set, for a run of {@code config} with
     * {@code stepsPerEpoch}, {@code stepsDone} of them made. The graph's own regularization is
     * dropped (a checkpoint of an older version may carry weight decay there): this applies it.
     */
    GradientSteps(SameDiff graph, TrainConfig config, Freezing freezing, int stepsPerEpoch, int stepsDone) {
        TrainingState.initialize(graph);
        graph.getTrainingConfig().setRegularization(new ArrayList<>());
        this.updaterConfig = graph.getTrainingConfig().getUpdater();
        this.accumulate = config.accumulate();
        this.clipNorm = config.clipGradNorm();
        this.weightDecay = config.weightDecay() > 0 ? new WeightDecay(config.weightDecay(), true) : null;
        this.freezing = freezing;
        this.stepsPerEpoch = stepsPerEpoch;
        this.step = stepsDone;
        for (Map.Entry<String, GradientUpdater> entry : graph.getUpdaterMap().entrySet()) {
            INDArray value = graph.getArrForVarName(entry.getKey());
            INDArray sum = accumulate > 1 ? value.ulike() : null;
            weights.add(new Weight(entry.getKey(), value, entry.getValue(), sum, freezing.body().contains(entry.getKey())));
        }
    }

    /** The names of the weights this trains, whose gradients {@link #add} takes. */
    List<String> names() {
        return weights.stream().map(Weight::name).toList();
    }

    /** Optimizer steps made so far in the run. */
    int stepsDone() {
        return step;
    }

    /** True when no batch waits for its step: a checkpoint here loses nothing. */
    boolean betweenSteps() {
        return batchesInStep == 0;
    }

    /** Adds a batch's gradients, by weight name, to the step; makes the step when it has {@code accumulate} batches. */
    void add(Map<String, INDArray> gradients, int epoch) {
        if (accumulate == 1) {
            single = gradients;
        } else {
            for (Weight w : weights) {
                if (batchesInStep == 0) {
                    w.sum.assign(gradients.get(w.name));
                } else {
                    w.sum.addi(gradients.get(w.name));
                }
            }
        }
        if (++batchesInStep == accumulate) {
            step(epoch);
        }
    }

    /** The epoch's last batches make a step of their own, fewer than {@code accumulate} as they may be. */
    void finishEpoch(int epoch) {
        if (batchesInStep > 0) {
            step(epoch);
        }
    }

    private INDArray gradient(Weight w) {
        return single != null ? single.get(w.name) : w.sum;
    }

    /** {@code epoch} counts from 0. */
    private void step(int epoch) {
        boolean bodyFrozen = freezing.frozen(epoch + 1);
        double scale = 1.0 / batchesInStep;
        if (clipNorm > 0) {
            double squares = 0;
            for (Weight w : weights) {
                if (!(w.body && bodyFrozen)) {
                    double norm = gradient(w).norm2Number().doubleValue();
                    squares += norm * norm;
                }
            }
            double norm = Math.sqrt(squares) * scale;
            if (norm > clipNorm) {
                scale *= clipNorm / norm;
            }
        }
        double rate = updaterConfig.hasLearningRate() ? updaterConfig.getLearningRate(step, epoch) : 1.0;
        for (Weight w : weights) {
            if (w.body && bodyFrozen) {
                continue;
            }
            INDArray update = gradient(w);
            if (scale != 1.0) {
                update.muli(scale);
            }
            w.updater.applyUpdater(update, step, epoch);
            double correction = w.body ? adamCorrection(step - freezing.stepsMissed(step, stepsPerEpoch)) : 1;
            if (correction != 1) {
                update.muli(correction);
            }
            if (weightDecay != null) {
                weightDecay.apply(w.value, update, rate, step, epoch);
            }
            if (w.body && freezing.bodyLrFactor() != 1) {
                update.muli(freezing.bodyLrFactor());
            }
            w.value.subi(update);
        }
        step++;
        batchesInStep = 0;
        single = null;
    }

    /**
     * ND4J's Adam corrects the bias of its moments by the run's step count, but a body that starts
     * training after {@code k} frozen steps has moments of {@code step - k} steps, as PyTorch counts
     * them per parameter: without this, its first updates after unfreezing would be many times
     * too large. The ratio of the two corrections; 1 for other optimizers, or when nothing was missed.
     */
    private double adamCorrection(int bodyStep) {
        if (!(updaterConfig instanceof Adam adam) || bodyStep == step) {
            return 1;
        }
        return biasCorrection(adam, bodyStep) / biasCorrection(adam, step);
    }

    private static double biasCorrection(Adam adam, int iteration) {
        return Math.sqrt(1 - Math.pow(adam.getBeta2(), iteration + 1)) / (1 - Math.pow(adam.getBeta1(), iteration + 1));
    }
}
