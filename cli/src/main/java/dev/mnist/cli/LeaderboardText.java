package dev.mnist.cli;

import dev.mnist.core.sweep.Leaderboard;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A sweep's leaderboard as text or CSV: what 'mnist sweep', 'mnist sweep show' and 'mnist-spark sweep' print. */
public final class LeaderboardText {
    private LeaderboardText() {
    }

    public static void print(Leaderboard.Board board, PrintWriter out) {
        List<String> axes = axes(board);
        List<String> header = header(axes, "best val acc", "val loss", "test acc", "epochs", "seconds", "status");
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (Leaderboard.Row row : board.rows()) {
            List<Object> cells = new ArrayList<>(List.of(row.trial()));
            axes.forEach(axis -> cells.add(row.settings().get(axis)));
            cells.addAll(List.of(number(row.bestValAccuracy()), number(row.finalValLoss()), number(row.testAccuracy()), row.epochs(),
                    String.format(Locale.ROOT, "%.1f", row.seconds()), row.status()));
            table.add(cells.toArray());
        }
        out.println("sweep " + board.sweep() + ":");
        table.print(out, "  ");
        if (!board.seedGroups().isEmpty()) {
            out.println("by seed (best val acc):");
            TextTable groups = new TextTable("settings", "trials", "median", "lowest", "highest");
            for (Leaderboard.Group group : board.seedGroups()) {
                groups.add(group.settings().toString(), group.trials().size(), number(group.median()), number(group.lowest()),
                        number(group.highest()));
            }
            groups.print(out, "  ");
        }
    }

    public static void printCsv(Leaderboard.Board board, PrintWriter out) {
        List<String> axes = axes(board);
        List<String> header = header(axes, "best_val_accuracy", "final_val_loss", "test_accuracy", "epochs", "seconds", "status");
        out.println(String.join(",", header));
        for (Leaderboard.Row row : board.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.trial()));
            axes.forEach(axis -> cells.add(row.settings().get(axis)));
            cells.addAll(List.of(row.bestValAccuracy() == null ? "" : String.valueOf(row.bestValAccuracy()),
                    row.finalValLoss() == null ? "" : String.valueOf(row.finalValLoss()),
                    row.testAccuracy() == null ? "" : String.valueOf(row.testAccuracy()), String.valueOf(row.epochs()),
                    String.format(Locale.ROOT, "%.3f", row.seconds()), row.status()));
            out.println(String.join(",", cells));
        }
    }

    /** {@code trial}, the axes without their dashes, then the scores' columns. */
    private static List<String> header(List<String> axes, String... scores) {
        List<String> header = new ArrayList<>(List.of("trial"));
        axes.forEach(axis -> header.add(axis.replaceFirst("^--", "")));
        header.addAll(List.of(scores));
        return header;
    }

    private static List<String> axes(Leaderboard.Board board) {
        return board.rows().isEmpty() ? List.of() : new ArrayList<>(board.rows().get(0).settings().keySet());
    }

    private static String number(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
