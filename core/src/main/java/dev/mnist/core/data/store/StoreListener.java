package dev.mnist.core.data.store;

/** Hears how {@code dataset create} is getting on. */
public interface StoreListener {
    /** The sources are listed and the splits drawn; {@code leftOut} names classes under the minimum. */
    default void planned(int images, int classes, java.util.List<String> leftOut) {
    }

    default void started(StoreSplit split, int total) {
    }

    default void progress(StoreSplit split, int done, int total) {
    }

    default void finished(StoreSplit split, int written, int skipped) {
    }
}
