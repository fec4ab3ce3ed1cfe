package dev.mnist.core.nd4j;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;

/**
 * A graph's arrays held for one thread. SameDiff's default holders keep each array per device, and
 * beside it a copy of it made when it was set, for devices that have not asked for it yet, which
 * on one CPU is never: every weight and running statistic held twice (a 192x192 LeNet's dense
 * weights are 202 MB). A training graph is used by its training thread alone.
 */
public final class SingleThreadArrays {
    private SingleThreadArrays() {
    }

    public static void use(SameDiff graph) {
        graph.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), true);
    }
}
