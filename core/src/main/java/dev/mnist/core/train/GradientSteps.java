package dev.mnist.core.train;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the optimizer steps: every {@code accumulate} batches, the mean of their gradients, scaled
 * down to a global L2 norm of at most {@code clipNorm} (PyTorch's {@code clip_grad_norm_}; 0: no
 * clipping), goes through each weight's updater, then decoupled weight decay, and is taken off the
 * weight. SameDiff 1.0.0-M2.1 updates each weight the moment its gradient is computed, so no point
 * in its loop sees a whole batch's gradients, let alone several batches'. This takes the place of
 * each weight's updater in the graph's updater map, adds the gradient to the weight's sum and hands
 * SameDiff zeros to subtract; the step itself comes once the batch is done ({@link #iterationDone}).
 * The stand-ins hand the real updaters' state to {@code SameDiff.save}, so it is saved and restored
 * as before. Steps count from {@code stepsDone}: the learning rate follows steps, not batches.
 * A frozen body ({@link Freezing}) is left as it is, gradients and all; once it trains, its steps
 * are scaled by the body's rate factor.
 */
final class GradientSteps extends BaseListener {
    private record Weight(INDArray value, GradientUpdater<?> updater, INDArray sum, boolean body) {
    }

    private final List<Weight> weights = new ArrayList<>();
    private final IUpdater updaterConfig;
    private final int accumulate;
    private final double clipNorm;
    private final WeightDecay weightDecay;
    private final Freezing freezing;
    private final int stepsPerEpoch;
    private int step;
    private int batchesInStep;

    private GradientSteps(SameDiff graph, TrainConfig config, Freezing freezing, int stepsPerEpoch, int stepsDone) {
        this.updaterConfig = graph.getTrainingConfig().getUpdater();
        this.accumulate = config.accumulate();
        this.clipNorm = config.clipGradNorm();
        this.weightDecay = config.weightDecay() > 0 ? new WeightDecay(config.weightDecay(), true) : null;
        this.freezing = freezing;
        this.stepsPerEpoch = stepsPerEpoch;
        this.step = stepsDone;
    }

    /**
     * Takes over the steps of {@code graph}, whose training config is set, for a run of {@code config}
     * with {@code stepsPerEpoch}, {@code stepsDone} of them made. The graph's own regularization is
     * dropped (a checkpoint of an older version may carry weight decay there): this applies it.
     */
    static GradientSteps install(SameDiff graph, TrainConfig config, Freezing freezing, int stepsPerEpoch, int stepsDone) {
        initializeTraining(graph);
        graph.getTrainingConfig().setRegularization(new ArrayList<>());
        GradientSteps steps = new GradientSteps(graph, config, freezing, stepsPerEpoch, stepsDone);
        Map<String, GradientUpdater> updaters = graph.getUpdaterMap();
        for (Map.Entry<String, GradientUpdater> entry : updaters.entrySet()) {
            GradientUpdater<?> real = entry.getValue() instanceof Deferred deferred ? deferred.real : entry.getValue();
            INDArray value = graph.getArrForVarName(entry.getKey());
            Weight weight = new Weight(value, real, value.ulike().assign(0), freezing.body().contains(entry.getKey()));
            steps.weights.add(weight);
            entry.setValue(steps.new Deferred(weight));
        }
        return steps;
    }

    /** Builds the updaters (and their state) SameDiff would otherwise build lazily in its first fit. */
    private static void initializeTraining(SameDiff graph) {
        try {
            Method initialize = SameDiff.class.getDeclaredMethod("initializeTraining");
            initialize.setAccessible(true);
            initialize.invoke(graph);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this ND4J has no SameDiff.initializeTraining()", e);
        }
    }

    /** Optimizer steps made so far in the run. */
    int stepsDone() {
        return step;
    }

    /** True when no batch waits for its step: a checkpoint here loses nothing. */
    boolean betweenSteps() {
        return batchesInStep == 0;
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void iterationDone(SameDiff sd, At at, MultiDataSet dataSet, Loss loss) {
        if (++batchesInStep == accumulate) {
            step(at.epoch());
        }
    }

    /** The epoch's last batches make a step of their own, fewer than {@code accumulate} as they may be. */
    void finishEpoch(int epoch) {
        if (batchesInStep > 0) {
            step(epoch);
        }
    }

    /** {@code epoch} counts from 0, as SameDiff's does. */
    private void step(int epoch) {
        boolean bodyFrozen = freezing.frozen(epoch + 1);
        double scale = 1.0 / batchesInStep;
        if (clipNorm > 0) {
            double squares = 0;
            for (Weight w : weights) {
                if (!(w.body && bodyFrozen)) {
                    double norm = w.sum.norm2Number().doubleValue();
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
            INDArray update = w.sum;
            if (w.body && bodyFrozen) {
                update.assign(0);
                continue;
            }
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
            update.assign(0);
        }
        step++;
        batchesInStep = 0;
    }

    /**
     * ND4J's Adam corrects the bias of its moments by the run's step count, but a body that starts
     * training after {@code k} frozen steps has moments of {@code step - k} steps, as PyTorch counts
     * them per parameter: without this, its first updates after unfreezing would be many times
     * too large. The ratio of the two corrections; 1 for other optimizers, or when nothing was missed.
     */
    private double adamCorrection(int bodyStep) {
        if (!(updaterConfig instanceof org.nd4j.linalg.learning.config.Adam adam) || bodyStep == step) {
            return 1;
        }
        return biasCorrection(adam, bodyStep) / biasCorrection(adam, step);
    }

    private static double biasCorrection(org.nd4j.linalg.learning.config.Adam adam, int iteration) {
        return Math.sqrt(1 - Math.pow(adam.getBeta2(), iteration + 1)) / (1 - Math.pow(adam.getBeta1(), iteration + 1));
    }

    /** Stands in for a weight's updater during SameDiff's backward pass: collects instead of stepping. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private final class Deferred implements GradientUpdater {
        private final Weight weight;
        private final GradientUpdater real;

        Deferred(Weight weight) {
            this.weight = weight;
            this.real = weight.updater;
        }

        @Override
        public IUpdater getConfig() {
            return real.getConfig();
        }

        @Override
        public void setState(Map stateMap, boolean initialize) {
            real.setState(stateMap, initialize);
        }

        @Override
        public Map<String, INDArray> getState() {
            return real.getState();
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            real.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            weight.sum.addi(gradient);
            gradient.assign(0);
        }
    }
}
