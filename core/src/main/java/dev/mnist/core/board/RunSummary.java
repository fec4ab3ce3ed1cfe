package dev.mnist.core.board;

/**
 * A run's row in the board's listing. {@code state} is a {@link dev.mnist.core.run.RunState.Status}
 * or {@code unreadable}; {@code reason} says why a run stopped, diverged, failed or cannot be read.
 */
public record RunSummary(String name, String state, String reason, String network, String data, String dataset,
                         int epochsDone, int epochs, Double bestValAccuracy, Double testAccuracy, double seconds,
                         String started, String parent) {

    public static final String UNREADABLE = "unreadable";

    static RunSummary unreadable(String name, String reason) {
        return new RunSummary(name, UNREADABLE, reason, null, null, null, 0, 0, null, null, 0, null, null);
    }
}
