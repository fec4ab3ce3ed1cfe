package dev.mnist.core.sweep;

import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.RunState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A sweep's trials side by side, from each trial's own run folder: its values of the axes, its best
 * validation accuracy, its test accuracy (when evaluated), its epochs and training time, and how it
 * ended; the best first. Trials that
 * differ only by {@code --seed} form a group with the median and range of their best accuracies.
 */
public final class Leaderboard {
    private static final String SEED = "--seed";

    /** One trial's row; {@code bestValAccuracy} is null when it has no validation score. */
    public record Row(String trial, Map<String, String> settings, String status, String reason, Double bestValAccuracy,
                      Double finalValLoss, Double testAccuracy, int epochs, double seconds) {
    }

    /** Trials alike but for their seed: their best accuracies' median, lowest and highest. */
    public record Group(Map<String, String> settings, List<String> trials, double median, double lowest, double highest) {
    }

    public record Board(String sweep, List<Row> rows, List<Group> seedGroups) {
    }

    private Leaderboard() {
    }

    public static Board of(Path dir, Sweep sweep) {
        List<Row> rows = new ArrayList<>();
        for (Sweep.Trial trial : sweep.trials()) {
            rows.add(row(new RunFolder(dir.resolve(trial.name())), trial));
        }
        rows.sort(Comparator.comparing((Row row) -> row.bestValAccuracy() == null ? -1 : row.bestValAccuracy()).reversed());
        return new Board(sweep.name(), rows, sweep.axes().containsKey(SEED) && sweep.axes().get(SEED).size() > 1 ? groups(rows) : List.of());
    }

    private static Row row(RunFolder folder, Sweep.Trial trial) {
        List<EpochMetrics> epochs = Files.isDirectory(folder.dir()) ? folder.metrics() : List.of();
        Double best = epochs.stream().mapToDouble(EpochMetrics::valAccuracy).filter(Double::isFinite).boxed()
                .max(Double::compare).orElse(null);
        Double finalLoss = epochs.isEmpty() || !Double.isFinite(epochs.get(epochs.size() - 1).valLoss()) ? null
                : epochs.get(epochs.size() - 1).valLoss();
        String status = trial.status();
        String reason = trial.reason();
        if (status == null && Files.isDirectory(folder.dir())) {
            RunState state = folder.readState().map(RunState::seen).orElse(null);
            status = state == null ? "stopped" : state.status().id();
            reason = state == null ? null : state.reason();
        }
        return new Row(trial.name(), trial.settings(), status == null ? "not run" : status, reason, best, finalLoss,
                TrialEvaluation.accuracy(folder).orElse(null), epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch(), epochs.stream().mapToDouble(EpochMetrics::seconds).sum());
    }

    private static List<Group> groups(List<Row> rows) {
        Function<Row, Map<String, String>> withoutSeed = row -> {
            Map<String, String> settings = new LinkedHashMap<>(row.settings());
            settings.remove(SEED);
            return settings;
        };
        Map<Map<String, String>, List<Row>> grouped = rows.stream().filter(row -> row.bestValAccuracy() != null)
                .collect(Collectors.groupingBy(withoutSeed, LinkedHashMap::new, Collectors.toList()));
        List<Group> groups = new ArrayList<>();
        grouped.forEach((settings, members) -> {
            double[] scores = members.stream().mapToDouble(Row::bestValAccuracy).sorted().toArray();
            double median = scores.length % 2 == 1 ? scores[scores.length / 2]
                    : (scores[scores.length / 2 - 1] + scores[scores.length / 2]) / 2;
            groups.add(new Group(settings, members.stream().map(Row::trial).toList(), median, scores[0], scores[scores.length - 1]));
        });
        groups.sort(Comparator.comparingDouble(Group::median).reversed());
        return groups;
    }
}
