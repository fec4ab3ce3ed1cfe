package dev.mnist.core.nd4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many CPU threads ND4J's native ops use. libnd4j, oneDNN and the BLAS parallelise with
 * OpenMP, whose thread count is a setting of each calling thread. (ND4J's
 * {@code Environment.setMaxThreads} does nothing in 1.0.0-M2.1: libnd4j ignores the value.)
 */
public final class ComputeThreads {
    private ComputeThreads() {
    }

    /**
     * Limits the ops this thread calls to {@code threads} CPU threads (0 leaves the count as it is)
     * until the returned limit is closed.
     */
    public static Limit limit(int threads) {
        if (threads <= 0) {
            return () -> { };
        }
        int before = ofCurrentThread();
        setForCurrentThread(threads);
        return () -> setForCurrentThread(before);
    }

    /** A thread count in force; closing it, on the same thread, restores the count before it. */
    @FunctionalInterface
    public interface Limit extends AutoCloseable {
        @Override
        void close();
    }

    /** The OpenMP thread count of ops this thread calls. */
    public static int ofCurrentThread() {
        return nativeOps().ompGetMaxThreads();
    }

    /** Sets the OpenMP thread count of ops this thread calls. */
    public static void setForCurrentThread(int threads) {
        nativeOps().setOmpNumThreads(threads);
    }

    private static NativeOps nativeOps() {
        Nd4j.getEnvironment();   // loads the backend, which NativeOpsHolder needs
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
