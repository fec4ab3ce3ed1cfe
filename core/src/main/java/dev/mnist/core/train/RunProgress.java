package dev.mnist.core.train;

import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.RunState;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a training run's {@code state.json}: running with a heartbeat every
 * {@link RunState#HEARTBEAT} while it trains, then how it ended. The heartbeat has its own thread,
 * so a long validation pass or checkpoint does not make a live run look dead.
 */
final class RunProgress implements AutoCloseable {
    private final RunFolder folder;
    private final double secondsBefore;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService heartbeat;
    private RunState state;

    /** @param secondsBefore the training time of the epochs done before (a resumed run's) */
    private RunProgress(RunFolder folder, double secondsBefore) {
        this.folder = folder;
        this.secondsBefore = secondsBefore;
        state = RunState.running(startedBefore(folder), secondsBefore);
        folder.writeState(state);
        heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mnist-run-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long period = RunState.HEARTBEAT.toMillis();
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    static RunProgress start(RunFolder folder, double secondsBefore) {
        return new RunProgress(folder, secondsBefore);
    }

    /** When a resumed run first started; an unreadable state.json of an earlier start is replaced. */
    private static String startedBefore(RunFolder folder) {
        try {
            return folder.readState().map(RunState::started).orElse(null);
        } catch (dev.mnist.core.InvalidInputException e) {
            return null;
        }
    }

    private synchronized void beat() {
        if (state.status() == RunState.Status.RUNNING) {
            state = state.beating(seconds());
            try {
                folder.writeState(state);
            } catch (RuntimeException e) {
                // A missed beat (a full disk) is retried at the next; training goes on.
            }
        }
    }

    private double seconds() {
        return secondsBefore + (System.nanoTime() - startNanos) / 1e9;
    }

    /** Records how the run ended; a state that cannot be written (a full disk) leaves the run's outcome as it is. */
    synchronized void ended(RunState.Status status, String reason) {
        heartbeat.shutdownNow();
        state = state.ended(status, reason, seconds());
        try {
            folder.writeState(state);
        } catch (RuntimeException e) {
            // The board then sees the last heartbeat's process gone: stopped, which a resume sorts out.
        }
    }

    @Override
    public synchronized void close() {
        heartbeat.shutdownNow();
    }
}
