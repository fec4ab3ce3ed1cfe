package dev.mnist.core.nd4j;

import org.nd4j.autodiff.samediff.SameDiff;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * What a training loop of its own needs from a SameDiff graph that only SameDiff's {@code fit} sets
 * up in 1.0.0-M2.1: the updaters in the graph's updater map, where {@code save(file, true)} finds
 * their state and {@code load(file, true)} restores it; and the gradient function, built quietly.
 */
public final class TrainingState {
    private TrainingState() {
    }

    /**
     * Builds each trainable weight's updater and its state, as {@code fit} would on its first batch,
     * unless the graph has them (it was loaded with its state). {@code initializeTraining()} is
     * protected and has no public caller but {@code fit}.
     */
    public static void initialize(SameDiff graph) {
        if (graph.isInitializedTraining() && graph.getUpdaterMap() != null) {
            return;
        }
        try {
            Method initialize = SameDiff.class.getDeclaredMethod("initializeTraining");
            initialize.setAccessible(true);
            initialize.invoke(graph);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this ND4J has no SameDiff.initializeTraining()", e);
        }
    }

    /**
     * Builds the graph's gradient function now; ND4J announces each op it adds on System.out, which belongs to the caller.
     * The work-arounds go in first: SameDiff clones each op through the op class table to differentiate it, and a graph
     * with none of our activations would otherwise be differentiated with ND4J's classes on one run and ours on the next.
     */
    public static void createGradients(SameDiff graph) {
        Nd4jWorkarounds.install();
        withoutStdout(graph::createGradFunction);
    }

    /** One at a time: two trainings building their gradients at once would otherwise restore each other's stand-in. */
    static synchronized void withoutStdout(Runnable action) {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            action.run();
        } finally {
            System.setOut(stdout);
        }
    }
}
