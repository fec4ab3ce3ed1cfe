package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;

/**
 * An {@code @LIST} argument: a text file of {@code path [label]} lines, whose relative paths are
 * taken against the list's own folder. That folder is made absolute on the driver, so that the
 * executors, each in a working folder of its own, resolve the entries alike.
 */
record ImageList(String file, String folder) implements Serializable {

    static ImageList of(String argument, Configuration conf) {
        Path path = HadoopFiles.path(argument.substring(1));
        try {
            FileSystem fs = path.getFileSystem(conf);
            Path list = fs.makeQualified(path);
            if (!fs.isFile(list)) {
                throw new InvalidInputException(path + ": no such image list");
            }
            return new ImageList(list.toString(), list.getParent().toString());
        } catch (IOException e) {
            throw new InvalidInputException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** An entry's path: as it is when absolute or a URI, else in the list's folder; as written when it is no path. */
    String resolve(String entry) {
        try {
            Path path = new Path(entry);
            return path.isAbsolute() || path.toUri().getScheme() != null ? entry : new Path(new Path(folder), path).toString();
        } catch (IllegalArgumentException e) {
            return entry;   // reading it says why it is no path
        }
    }
}
