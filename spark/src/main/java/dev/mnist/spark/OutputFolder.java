package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;

/** A job's output folder: a new one, never written over. */
final class OutputFolder {
    private OutputFolder() {
    }

    /** @throws InvalidInputException when {@code output} exists, before any work is done */
    static void checkAbsent(SparkSession spark, String output) {
        Path path = HadoopFiles.path(output);
        try {
            if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
                throw new InvalidInputException(output + ": already exists; name a new output folder");
            }
        } catch (IOException e) {
            throw new InvalidInputException(output + ": cannot check (" + e.getMessage() + ")", e);
        }
    }
}
