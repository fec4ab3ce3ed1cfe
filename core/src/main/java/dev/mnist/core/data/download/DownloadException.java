package dev.mnist.core.data.download;

import dev.mnist.core.MnistException;

/** No mirror could deliver a valid copy of a file. */
public class DownloadException extends MnistException {
    public DownloadException(String message) {
        super(message);
    }
}
