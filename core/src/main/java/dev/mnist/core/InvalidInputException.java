package dev.mnist.core;

/** Input the user supplied is unusable: a malformed file, a missing folder, a wrong shape. */
public class InvalidInputException extends MnistException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
