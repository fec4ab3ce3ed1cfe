package dev.mnist.core.nd4j;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The OpenMP thread count that libnd4j's and oneDNN's parallel loops take, per calling thread. */
class ComputeThreadsTest {
    private static int onFreshThread(Runnable setUp) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(() -> {
                setUp.run();
                return ComputeThreads.ofCurrentThread();
            }).get();
        } finally {
            thread.shutdown();
        }
    }

    @Test
    void aLimitOfOneReachesOpenMpForTheCallingThreadOnlyUntilClosed() throws Exception {
        int everyCore = onFreshThread(() -> { });
        assumeTrue(everyCore > 1, "OpenMP already runs on 1 thread here (1 core or OMP_NUM_THREADS=1)");

        assertEquals(1, onFreshThread(() -> ComputeThreads.limit(1)));
        assertEquals(everyCore, onFreshThread(() -> { }), "another thread keeps every core");
        assertEquals(everyCore, onFreshThread(() -> ComputeThreads.limit(0)), "0 keeps the default");
        assertEquals(everyCore, onFreshThread(() -> ComputeThreads.limit(1).close()), "closing the limit restores the count");
    }
}
