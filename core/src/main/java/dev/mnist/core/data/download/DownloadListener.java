package dev.mnist.core.data.download;

import java.net.URI;

/** What a download reports as it goes; the command line renders it as progress. */
public interface DownloadListener {
    DownloadListener NONE = new DownloadListener() {
    };

    /** A transfer starts; {@code alreadyHave} bytes come from an earlier partial download. */
    default void started(RemoteFile file, URI source, long alreadyHave) {
    }

    default void progress(RemoteFile file, long bytesSoFar) {
    }

    default void mirrorFailed(RemoteFile file, URI source, String reason) {
    }

    /** The file is in place and valid; {@code downloaded} is false when it was already there. */
    default void finished(RemoteFile file, boolean downloaded) {
    }
}
