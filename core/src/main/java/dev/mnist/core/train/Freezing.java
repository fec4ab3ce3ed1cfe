package dev.mnist.core.train;

import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.GraphNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which weights are the body ({@code train --freeze LAYER}: every layer up to and including it;
 * without it, every layer before the classifier), for how many epochs from the start they are
 * frozen ({@code --freeze-epochs}; the whole run for {@code --freeze} alone) and at what factor of
 * the rate they train when they are not ({@code --body-lr-factor}).
 */
record Freezing(Set<String> body, int frozenEpochs, double bodyLrFactor) {
    static final Freezing NONE = new Freezing(Set.of(), 0, 1);

    static Freezing of(TrainConfig config, List<Architecture.Layer> layers) {
        if (config.freeze() == null && config.freezeEpochs() == 0 && config.bodyLrFactor() == 1) {
            return NONE;
        }
        List<String> body = new ArrayList<>();
        for (Architecture.Layer layer : layers) {
            if (config.freeze() == null && layer.name().equals(GraphNames.LOGITS)) {
                break;
            }
            if (layer.weights() != null) {
                body.add(layer.weights());
            }
            if (layer.bias() != null) {
                body.add(layer.bias());
            }
            if (layer.name().equals(config.freeze())) {
                break;
            }
        }
        int frozenEpochs = config.freeze() != null && config.freezeEpochs() == 0 ? Integer.MAX_VALUE : config.freezeEpochs();
        return new Freezing(Set.copyOf(body), frozenEpochs, config.bodyLrFactor());
    }

    /** True when the body sits out epoch {@code epoch} (counted from 1). */
    boolean frozen(int epoch) {
        return epoch <= frozenEpochs;
    }

    /** The steps the body sat out before step {@code step} (counted from 0), of {@code stepsPerEpoch} an epoch. */
    int stepsMissed(int step, int stepsPerEpoch) {
        return (int) Math.min(step, (long) frozenEpochs * stepsPerEpoch);
    }
}
