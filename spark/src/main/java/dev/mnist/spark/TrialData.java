package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sweep's training data where an executor's training reads it, a local folder: a path on the
 * local file system (one every executor reaches, as a shared mount) as it is; any other file
 * system's (hdfs:, s3a: ...) copied once per executor JVM into a temporary folder, which the
 * executor's tasks then share and which goes when the executor does.
 */
final class TrialData {
    private static final Map<String, java.nio.file.Path> COPIED = new ConcurrentHashMap<>();

    private TrialData() {
    }

    /** Whether {@code uri} names a folder on another file system than the local one. */
    static boolean remote(String uri) {
        String scheme = HadoopFiles.path(uri).toUri().getScheme();
        return scheme != null && !scheme.equals("file");
    }

    /** The local folder of the data {@code uri} names. */
    static java.nio.file.Path local(String uri, Configuration conf) {
        if (!remote(uri)) {
            return java.nio.file.Path.of(HadoopFiles.path(uri).toUri().getPath());
        }
        return COPIED.computeIfAbsent(uri, key -> copy(key, conf));
    }

    private static java.nio.file.Path copy(String uri, Configuration conf) {
        Path source = HadoopFiles.path(uri);
        java.nio.file.Path target = null;
        try {
            target = Files.createTempDirectory("mnist-spark-data-");
            java.nio.file.Path made = target;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtil.fullyDelete(made.toFile()), "mnist-spark-data-removal"));
            java.nio.file.Path copy = target.resolve("data");
            if (!FileUtil.copy(source.getFileSystem(conf), source, FileSystem.getLocal(conf).getRaw(), new Path(copy.toUri()), false, conf)) {
                throw new IOException("the copy failed");
            }
            return copy;
        } catch (IOException e) {
            if (target != null) {
                FileUtil.fullyDelete(target.toFile());
            }
            throw new InvalidInputException(uri + ": cannot copy the training data to this executor (" + e.getMessage() + ")", e);
        }
    }
}
