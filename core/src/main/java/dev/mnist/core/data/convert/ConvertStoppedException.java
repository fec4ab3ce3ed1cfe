package dev.mnist.core.data.convert;

import dev.mnist.core.MnistException;

/** {@code convert} was asked to stop; the split it was writing was left out, its earlier copy as it was. */
public final class ConvertStoppedException extends MnistException {
    public ConvertStoppedException(String message) {
        super(message);
    }
}
