package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Locale;

/**
 * Image files read through Hadoop's file system layer (file:, hdfs:, s3a: ... whatever the cluster
 * has), with the job's Hadoop settings (including {@code spark.hadoop.*}) carried to the executors.
 */
final class HadoopFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * Far above any image worth classifying; a file over it is a failed row, not an executor out of
     * memory. ({@code mnist classify} has no such limit: it reads a file's header from disk.)
     */
    static final long MAX_IMAGE_BYTES = 64L << 20;

    private transient Configuration conf;

    HadoopFiles(Configuration conf) {
        this.conf = conf;
    }

    /** The job's Hadoop settings. */
    Configuration conf() {
        return conf;
    }

    /** The bytes of an image file; a one-line {@link InvalidInputException} when it is missing, too large or unreadable. */
    byte[] readImage(String uri) {
        String name = display(uri);
        try {
            Path path = path(uri);
            byte[] bytes;
            try (FSDataInputStream in = withoutChecksums(path.getFileSystem(conf)).open(path)) {
                bytes = in.readNBytes((int) MAX_IMAGE_BYTES + 1);
            }
            if (bytes.length > MAX_IMAGE_BYTES) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: over the limit of %d MB for an image file",
                        name, MAX_IMAGE_BYTES >> 20));
            }
            return bytes;
        } catch (FileNotFoundException e) {
            throw new InvalidInputException(name + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Local files as they are: without the checksum layer, which looks for a {@code .crc} beside each one. */
    static FileSystem withoutChecksums(FileSystem fs) {
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }

    /** A Hadoop path; a one-line {@link InvalidInputException} for a string that is none (empty, or {@code a:b} read as a scheme). */
    static Path path(String uri) {
        if (uri == null || uri.isEmpty()) {
            throw new InvalidInputException("an empty path");
        }
        try {
            return new Path(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(uri + ": not a valid path (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A path as a user would write it: a local file's plain path (as {@code mnist classify} prints
     * it), any other file system's URI as it is.
     */
    static String display(String uri) {
        try {
            Path path = new Path(uri);
            return "file".equals(path.toUri().getScheme()) ? path.toUri().getPath() : uri;
        } catch (IllegalArgumentException | NullPointerException e) {
            return String.valueOf(uri);
        }
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
