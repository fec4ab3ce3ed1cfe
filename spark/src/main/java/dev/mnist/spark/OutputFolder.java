package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/** A job's output folder: a new one, never written over, and not left behind by a job that fails. */
final class OutputFolder {
    private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);

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

    /**
     * Runs {@code write}, which makes {@code output}, once more checked absent (the job took a while);
     * if it fails or is stopped, removes what it made. Spark aborts a failed write without committing
     * anything, but it leaves the folder, which the same command run again would refuse.
     */
    static void written(SparkSession spark, String output, Runnable write) {
        checkAbsent(spark, output);
        try {
            write.run();
        } catch (Throwable e) {   // Spark's Scala throws checked exceptions as well
            // Spark refuses a write before making anything (an AnalysisException: the folder exists
            // since it was checked, say), and a folder it did not make is not this job's to remove.
            if (!(e instanceof AnalysisException)) {
                remove(spark, output);
            }
            throw e;
        }
    }

    private static void remove(SparkSession spark, String output) {
        Path path = HadoopFiles.path(output);
        try {
            path.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(path, true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: could not remove the failed job's output folder ({})", output, e.getMessage());
        }
    }
}
