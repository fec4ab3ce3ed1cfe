package dev.mnist.core.data.download;

import java.net.URI;
import java.util.List;

/** A downloadable IDX data set: where it is published, what it consists of, what its classes are. */
public record DatasetSpec(String name, List<URI> mirrors, List<RemoteFile> files, List<String> classNames) {
}
