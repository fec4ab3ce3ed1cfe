package dev.mnist.core.sweep;

import dev.mnist.core.run.RunFolder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sweep's grid read from train options: each of {@link #AXES} given a comma list is an axis of
 * the grid, and the other options are every trial's. Mistakes are {@link IllegalArgumentException}s
 * whose message is the user's to read.
 */
public final class SweepGrid {
    /** The train options a sweep may vary. */
    public static final Set<String> AXES = Set.of("--lr", "--batch-size", "--seed", "--model", "--optimizer", "--lr-policy", "--epochs",
            "--weight-decay", "--rotate", "--shift", "--scale", "--noise", "--flip", "--crop-size", "--label-smoothing");
    /** A sweep names its trials' run folders itself. */
    private static final Set<String> OWN = Set.of("--run", "--runs", "--resume");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

    private SweepGrid() {
    }

    /** Checks that {@code name} can name a sweep's folder. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(RunFolder.LATEST)) {
            throw new IllegalArgumentException("--name NAME is needed: a plain folder name (letters, digits, '.', '_', '-')"
                    + (name == null ? "" : ", not '" + name + "'"));
        }
    }

    /** The sweep of every point of the grid {@code trainArgs} describe, or of {@code random} of them drawn with {@code randomSeed}. */
    public static Sweep of(String name, List<String> trainArgs, Integer random, long randomSeed) {
        if (random != null && random < 1) {
            throw new IllegalArgumentException("--random must be at least 1");
        }
        Sweep grid = of(name, trainArgs);
        return random == null ? grid : grid.sample(random, randomSeed);
    }

    /** What two values of an axis share when they would train the same: 0.001 and 1e-3, lenet and LENET. */
    private static String sameness(String value) {
        try {
            return new BigDecimal(value.strip()).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notANumber) {
            return value.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** The sweep of every point of the grid {@code trainArgs} describe. */
    public static Sweep of(String name, List<String> trainArgs) {
        checkName(name);
        List<String> shared = new ArrayList<>();
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (int i = 0; i < trainArgs.size(); i++) {
            String arg = trainArgs.get(i);
            boolean joined = arg.contains("=");
            String option = joined ? arg.substring(0, arg.indexOf('=')) : arg;
            if (OWN.contains(option)) {
                throw new IllegalArgumentException(option + " is the sweep's own: its trials are the run folders NAME/<trial> under its --runs");
            }
            String value = joined ? arg.substring(arg.indexOf('=') + 1) : i + 1 < trainArgs.size() ? trainArgs.get(i + 1) : null;
            if (AXES.contains(option) && value != null && value.contains(",")) {
                if (axes.containsKey(option)) {
                    throw new IllegalArgumentException(option + " is given twice");
                }
                List<String> values = List.of(value.split(",", -1));
                if (values.stream().anyMatch(String::isBlank) || values.stream().map(SweepGrid::sameness).distinct().count() != values.size()) {
                    throw new IllegalArgumentException(option + " " + value + ": the values must be distinct and not empty");
                }
                axes.put(option, values);
                if (!joined) {
                    i++;
                }
            } else {
                shared.add(arg);
            }
        }
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("nothing to sweep: give one of " + String.join(" ", AXES.stream().sorted().toList())
                    + " a comma list, e.g. --lr 0.001,0.01");
        }
        return Sweep.of(name, shared, axes);
    }
}
