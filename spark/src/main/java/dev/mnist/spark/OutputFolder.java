package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A job's output folder: a new one, never written over, and not left behind by a job that fails. */
final class OutputFolder {
    private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);
    private static final long TASKS_END_SECONDS = 30;

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
     * Runs {@code write}, Spark's write of {@code output}, once more checked absent (the job took a
     * while). If it fails or is stopped, removes the folder: Spark aborts a failed write without
     * committing anything but leaves the folder, which the same command run again would refuse. It
     * waits first for the write's tasks to end (30 s at most), since a task still running could make
     * the folder again when it opens its file.
     */
    static void written(SparkSession spark, String output, Runnable write) {
        checkAbsent(spark, output);
        SparkContext context = spark.sparkContext();
        String group = "mnist-write-" + UUID.randomUUID();
        context.setJobGroup(group, "write " + output, false);
        try {
            write.run();
        } catch (Throwable e) {   // Spark's Scala throws checked exceptions as well
            // Spark refuses a write before making anything (an AnalysisException: the folder exists
            // since it was checked, say), and a folder it did not make is not this job's to remove.
            if (!refusedBeforeWriting(e)) {
                awaitTasksEnded(context, group);
                remove(spark, output);
            }
            throw e;
        } finally {
            context.clearJobGroup();
        }
    }

    private static boolean refusedBeforeWriting(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AnalysisException) {
                return true;
            }
        }
        return false;
    }

    private static void awaitTasksEnded(SparkContext context, String group) {
        try {
            context.cancelJobGroup(group);
            SparkStatusTracker tracker = context.statusTracker();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TASKS_END_SECONDS);
            while (hasRunningTasks(tracker, group) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {   // Spark itself stopped (Ctrl-C): its executors go with it
            LOG.debug("could not wait for the write's tasks", e);
        }
    }

    private static boolean hasRunningTasks(SparkStatusTracker tracker, String group) {
        for (int job : tracker.getJobIdsForGroup(group)) {
            Option<SparkJobInfo> info = tracker.getJobInfo(job);
            if (info.isEmpty()) {
                continue;
            }
            for (int stage : info.get().stageIds()) {
                Option<SparkStageInfo> stageInfo = tracker.getStageInfo(stage);
                if (stageInfo.isDefined() && stageInfo.get().numActiveTasks() > 0) {
                    return true;
                }
            }
        }
        return false;
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
