package dev.mnist.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT or SIGTERM asks long-running work to stop, then holds the JVM's exit until the command
 * has finished and said so ({@link #finished()}), for up to a grace period. The JVM then exits with
 * 130 or 143, as it does for any signal.
 */
final class StopOnSignal {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopOnSignal(String name, Runnable stop, long graceSeconds) {
        hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command is done and has reported how it stopped: the JVM may exit; a later signal needs no stop. */
    void finished() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: the JVM exits once it returns.
        }
    }
}
