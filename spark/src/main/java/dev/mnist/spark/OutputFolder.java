package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A job's output folder: a new one, never written over. */
final class OutputFolder {
    private OutputFolder() {
    }

    /** @throws InvalidInputException when {@code output} exists, before any work is done */
    static void checkAbsent(SparkSession spark, String output) {
        Path path = new Path(output);
        try {
            if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
                throw new InvalidInputException(output + ": already exists; name a new output folder");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(output + ": cannot check (" + e.getMessage() + ")", e);
        }
    }
}
