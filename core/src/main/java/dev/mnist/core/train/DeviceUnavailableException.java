package dev.mnist.core.train;

import dev.mnist.core.MnistException;

/** {@code --device gpu} was asked for and no usable GPU is there; the message says why. */
public class DeviceUnavailableException extends MnistException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
