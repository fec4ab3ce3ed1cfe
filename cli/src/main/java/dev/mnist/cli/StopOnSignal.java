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
    private volatile boolean signalled;

    StopOnSignal(String name, Runnable stop, long graceSeconds) {
        hook = new Thread(() -> {
            signalled = true;
            stop.run();
            try {
                finished.await(graceSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Says on stderr how a command stopped on a signal (what was saved, or that nothing was) and gives its exit code. */
    static int stopped(picocli.CommandLine.Model.CommandSpec spec, Exception stop) {
        java.io.PrintWriter err = spec.commandLine().getErr();
        err.println("mnist: " + stop.getMessage());
        err.flush();
        return ExitCode.INTERRUPTED;
    }

    /** True once a signal has asked the work to stop: work that ended anyway should say so. */
    boolean signalled() {
        return signalled;
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
