package dev.mnist.core.data.download;

import java.io.IOException;

/** One attempt to fetch a file from one mirror failed; the message says why in a few words. */
class FetchFailedException extends IOException {
    /** True when nothing was wrong with the bytes already fetched, so a retry may resume. */
    final boolean resumable;

    FetchFailedException(String message, boolean resumable) {
        super(message);
        this.resumable = resumable;
    }
}
