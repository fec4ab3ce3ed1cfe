package dev.mnist.core;

/** Base of every error core reports to its caller; the message names the file and the problem. */
public class MnistException extends RuntimeException {
    public MnistException(String message) {
        super(message);
    }

    public MnistException(String message, Throwable cause) {
        super(message, cause);
    }
}
