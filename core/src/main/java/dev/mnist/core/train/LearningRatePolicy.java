package dev.mnist.core.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * How the learning rate moves during a run, as DIGITS' and torchvision's policies do, as a function
 * of the fractional epoch {@code t} (batches done / batches per epoch), so that the continuous
 * policies change it every batch: {@code fixed}; {@code step}, times {@code gamma} every
 * {@code stepEpochs}; {@code multistep}, times {@code gamma} at each of the {@code milestones}
 * (epochs); {@code exponential}, times {@code gamma^t}; {@code cosine}, from the rate to 0 along a
 * half cosine over the run; {@code onecycle}, PyTorch's OneCycleLR (from rate/25 up to the rate over
 * the first 30 % along a cosine, then down to rate/25/10^4). With {@code warmupEpochs}, the rate is
 * first scaled up linearly, batch by batch, reaching the policy's at the end of that many epochs.
 */
public record LearningRatePolicy(Policy policy, double gamma, int stepEpochs, List<Integer> milestones, double warmupEpochs) {

    public static final LearningRatePolicy FIXED = new LearningRatePolicy(Policy.FIXED, 1, 1, List.of(), 0);
    /** {@code train}'s default. */
    public static final LearningRatePolicy ONECYCLE = new LearningRatePolicy(Policy.ONECYCLE, 1, 1, List.of(), 0);

    public enum Policy {
        FIXED(1), STEP(0.5), MULTISTEP(0.1), EXPONENTIAL(0.8), COSINE(1), ONECYCLE(1);

        /** The factor {@code --lr-gamma} defaults to. */
        public final double defaultGamma;

        Policy(double defaultGamma) {
            this.defaultGamma = defaultGamma;
        }

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final double ONECYCLE_RISE = 0.3;
    private static final double ONECYCLE_DIV = 25;
    private static final double ONECYCLE_FINAL_DIV = 1e4;

    public LearningRatePolicy {
        policy = policy == null ? Policy.FIXED : policy;
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
        require(gamma > 0 && Double.isFinite(gamma), "--lr-gamma must be a positive number");
        require(stepEpochs >= 1, "--lr-step must be at least 1 epoch");
        require(milestones.stream().allMatch(m -> m >= 1), "--lr-milestones must be epochs, 1 or more");
        require(warmupEpochs >= 0 && Double.isFinite(warmupEpochs), "--warmup must be 0 or more epochs");
        require(policy != Policy.MULTISTEP || !milestones.isEmpty(), "--lr-policy multistep needs --lr-milestones");
    }

    /** run.json files written before the policies had {@code "lrSchedule": "NONE"|"STEP"|"EXPONENTIAL"}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static LearningRatePolicy legacy(String schedule) {
        return switch (schedule.toUpperCase(Locale.ROOT)) {
            case "STEP" -> new LearningRatePolicy(Policy.STEP, 0.5, 2, List.of(), 0);
            case "EXPONENTIAL" -> new LearningRatePolicy(Policy.EXPONENTIAL, 0.8, 1, List.of(), 0);
            default -> FIXED;
        };
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static LearningRatePolicy of(@JsonProperty("policy") Policy policy,
                                 @JsonProperty("gamma") double gamma,
                                 @JsonProperty("stepEpochs") int stepEpochs,
                                 @JsonProperty("milestones") List<Integer> milestones,
                                 @JsonProperty("warmupEpochs") double warmupEpochs) {
        return new LearningRatePolicy(policy, gamma, stepEpochs, milestones, warmupEpochs);
    }

    /**
     * The rate for batch {@code iteration} (0-based, counted over the whole run) of a run of
     * {@code epochs} of {@code batchesPerEpoch}, from {@code base}: the policy's at the batch's start
     * ({@code t = iteration / batchesPerEpoch}), during warmup times the share of it done with this batch.
     */
    public double rate(double base, long iteration, int batchesPerEpoch, int epochs) {
        double t = (double) iteration / batchesPerEpoch;
        double rate = switch (policy) {
            case FIXED -> base;
            case STEP -> base * Math.pow(gamma, Math.floor(t / stepEpochs));
            case MULTISTEP -> base * Math.pow(gamma, milestones.stream().filter(m -> m <= Math.floor(t)).count());
            case EXPONENTIAL -> base * Math.pow(gamma, t);
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t / epochs)));
            case ONECYCLE -> oneCycle(base, Math.min(1, t / epochs));
        };
        double warmed = (iteration + 1) / (warmupEpochs * batchesPerEpoch);
        return warmed < 1 ? rate * warmed : rate;
    }

    private static double oneCycle(double base, double progress) {
        double start = base / ONECYCLE_DIV;
        if (progress < ONECYCLE_RISE) {
            return cosine(start, base, progress / ONECYCLE_RISE);
        }
        return cosine(base, start / ONECYCLE_FINAL_DIV, (progress - ONECYCLE_RISE) / (1 - ONECYCLE_RISE));
    }

    /** From {@code from} to {@code to} along a half cosine, {@code p} from 0 to 1. */
    private static double cosine(double from, double to, double p) {
        return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * p));
    }

    /** True for the policies laid out over the run's epochs (cosine, onecycle): a run cannot be lengthened. */
    public boolean spansTheRun() {
        return policy == Policy.COSINE || policy == Policy.ONECYCLE;
    }

    /** In words: {@code cosine, warmup 1 epoch}. */
    public String describe() {
        String text = switch (policy) {
            case FIXED, COSINE, ONECYCLE -> policy.id();
            case STEP -> String.format(Locale.ROOT, "step x%s every %d epochs", gamma, stepEpochs);
            case MULTISTEP -> String.format(Locale.ROOT, "multistep x%s at epochs %s", gamma, milestones);
            case EXPONENTIAL -> String.format(Locale.ROOT, "exponential x%s an epoch", gamma);
        };
        return warmupEpochs > 0 ? text + String.format(Locale.ROOT, ", warmup %s epochs", warmupEpochs) : text;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
