package dev.mnist.core.board;

import dev.mnist.core.sweep.Leaderboard;
import dev.mnist.core.sweep.Sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep as the board shows it: a row of the sweeps' list (its trials, how many ended how, its
 * best trial) and its page (the leaderboard, each trial with its listed run's name). A sweep whose
 * {@code sweep.json} or trials cannot be read is shown with the reason, never as an error.
 */
final class SweepView {
    private SweepView() {
    }

    /** The list's row of a sweep. */
    static Map<String, Object> summary(RunListing.SweepEntry entry) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", entry.name());
        row.put("dir", entry.dir().toString());
        try {
            Sweep sweep = Sweep.read(entry.dir());
            Leaderboard.Board board = Leaderboard.of(entry.dir(), sweep);
            row.put("axes", sweep.axes());
            row.put("trials", sweep.trials().size());
            Map<String, Integer> states = new LinkedHashMap<>();
            board.rows().forEach(r -> states.merge(r.status(), 1, Integer::sum));
            row.put("states", states);
            board.rows().stream().filter(r -> r.bestValAccuracy() != null).findFirst().ifPresent(best -> {
                row.put("bestTrial", best.trial());
                row.put("bestRun", entry.trials().get(best.trial()));
                row.put("bestValAccuracy", best.bestValAccuracy());
            });
        } catch (RuntimeException e) {
            row.put("failure", BoardRun.oneLine(String.valueOf(e.getMessage())));
        }
        return row;
    }

    /** The sweep's page: its grid and leaderboard, and the listed run of each trial that has a run folder. */
    static Map<String, Object> document(RunListing.SweepEntry entry) {
        Map<String, Object> document = summary(entry);
        if (document.containsKey("failure")) {
            return document;
        }
        Sweep sweep = Sweep.read(entry.dir());
        document.put("trainArgs", sweep.trainArgs());
        document.put("leaderboard", Leaderboard.of(entry.dir(), sweep));
        document.put("runs", entry.trials());
        return document;
    }

    static List<Map<String, Object>> list(List<RunListing.SweepEntry> sweeps) {
        return sweeps.stream().map(SweepView::summary).toList();
    }
}
