package dev.mnist.core.data.store;

import dev.mnist.core.MnistException;

/** {@code dataset create} was asked to stop; nothing was written. */
public final class StoreStoppedException extends MnistException {
    public StoreStoppedException(String message) {
        super(message);
    }
}
