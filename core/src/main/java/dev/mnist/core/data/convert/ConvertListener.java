package dev.mnist.core.data.convert;

import dev.mnist.core.data.Split;

/** What a conversion reports as it goes. */
public interface ConvertListener {
    ConvertListener NONE = new ConvertListener() {
    };

    default void started(Split split, int total) {
    }

    /** Called from worker threads, at most a few times per second's worth of images. */
    default void progress(Split split, int done, int total) {
    }

    /** {@code converted} is false when a complete earlier output was kept. */
    default void finished(Split split, int total, boolean converted) {
    }
}
