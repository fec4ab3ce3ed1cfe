package dev.mnist.core.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;


/**
 * A {@link LearningRatePolicy} as ND4J's updater asks for it: by the iteration (batches done in the
 * whole run, saved with the model, so a resumed run continues the same curve). ND4J writes it into
 * the saved graph with its own (shaded) JSON library, hence its annotations.
 */
final class PolicySchedule implements ISchedule {
    @JsonProperty("policy")
    private final String policy;
    @JsonProperty("base")
    private final double base;
    @JsonProperty("gamma")
    private final double gamma;
    @JsonProperty("stepEpochs")
    private final int stepEpochs;
    @JsonProperty("milestones")
    private final int[] milestones;
    @JsonProperty("warmupEpochs")
    private final double warmupEpochs;
    @JsonProperty("batchesPerEpoch")
    private final int batchesPerEpoch;
    @JsonProperty("epochs")
    private final int epochs;
    /** The policy the fields above describe, made once: the updater asks for a rate every step. */
    private final transient LearningRatePolicy rule;

    PolicySchedule(@JsonProperty("policy") String policy, @JsonProperty("base") double base, @JsonProperty("gamma") double gamma,
                   @JsonProperty("stepEpochs") int stepEpochs, @JsonProperty("milestones") int[] milestones,
                   @JsonProperty("warmupEpochs") double warmupEpochs, @JsonProperty("batchesPerEpoch") int batchesPerEpoch,
                   @JsonProperty("epochs") int epochs) {
        this.policy = policy;
        this.base = base;
        this.gamma = gamma;
        this.stepEpochs = stepEpochs;
        this.milestones = milestones;
        this.warmupEpochs = warmupEpochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.epochs = epochs;
        this.rule = new LearningRatePolicy(LearningRatePolicy.Policy.valueOf(policy), gamma, stepEpochs,
                java.util.Arrays.stream(milestones).boxed().toList(), warmupEpochs);
    }

    static PolicySchedule of(LearningRatePolicy p, double base, int batchesPerEpoch, int epochs) {
        return new PolicySchedule(p.policy().name(), base, p.gamma(), p.stepEpochs(),
                p.milestones().stream().mapToInt(Integer::intValue).toArray(), p.warmupEpochs(), batchesPerEpoch, epochs);
    }

    /** The rate while training batch {@code iteration} (0-based, counting the whole run): at its start. */
    @Override
    public double valueAt(int iteration, int epoch) {
        return rule.rate(base, iteration, batchesPerEpoch, epochs);
    }

    @Override
    public ISchedule clone() {
        return new PolicySchedule(policy, base, gamma, stepEpochs, milestones.clone(), warmupEpochs, batchesPerEpoch, epochs);
    }
}
