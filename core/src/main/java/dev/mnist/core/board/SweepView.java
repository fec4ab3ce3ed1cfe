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
        return view(entry, false);
    }

    /** The sweep's page: its row, its grid and leaderboard, and the listed run of each trial that has a run folder. */
    static Map<String, Object> document(RunListing.SweepEntry entry) {
        return view(entry, true);
    }

    private static Map<String, Object> view(RunListing.SweepEntry entry, boolean page) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", entry.name());
        view.put("dir", entry.dir().toString());
        try {
            Sweep sweep = Sweep.read(entry.dir());
            Leaderboard.Board board = Leaderboard.of(entry.dir(), sweep);
            view.put("axes", sweep.axes());
            view.put("trials", sweep.trials().size());
            Map<String, Integer> states = new LinkedHashMap<>();
            board.rows().forEach(r -> states.merge(r.status(), 1, Integer::sum));
            view.put("states", states);
            board.rows().stream().filter(r -> r.bestValAccuracy() != null).findFirst().ifPresent(best -> {
                view.put("bestTrial", best.trial());
                view.put("bestRun", entry.trials().get(best.trial()));
                view.put("bestValAccuracy", best.bestValAccuracy());
            });
            if (page) {
                view.put("trainArgs", sweep.trainArgs());
                view.put("leaderboard", board);
                view.put("runs", entry.trials());
            }
        } catch (RuntimeException e) {
            view.put("failure", BoardRun.oneLine(String.valueOf(e.getMessage())));
        }
        return view;
    }

    static List<Map<String, Object>> list(List<RunListing.SweepEntry> sweeps) {
        return sweeps.stream().map(SweepView::summary).toList();
    }
}
