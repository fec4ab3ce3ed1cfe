package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.JobExecutionStatus;
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
    private static final long JOB_RECORDED_SECONDS = 2;

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
        String tag = "mnist-write-" + UUID.randomUUID();
        context.addJobTag(tag);
        try {
            write.run();
        } catch (Throwable e) {   // Spark's Scala throws checked exceptions as well
            // Spark refuses a write before making anything (an AnalysisException: the folder exists
            // since it was checked, say), and a folder it did not make is not this job's to remove.
            if (!refusedBeforeWriting(e)) {
                awaitTasksEnded(context, tag);
                remove(spark, output);
            }
            throw e;
        } finally {
            context.removeJobTag(tag);
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

    private static void awaitTasksEnded(SparkContext context, String tag) {
        try {
            context.cancelJobsWithTag(tag);
            SparkStatusTracker tracker = context.statusTracker();
            long start = System.nanoTime();
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(TASKS_END_SECONDS)) {
                // Spark records a job's start a little late: one (of the write's two, with its shuffle)
                // may not be listed yet, so the wait lasts a few seconds whatever the list says.
                boolean recorded = System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(JOB_RECORDED_SECONDS);
                if (recorded && ended(tracker, tracker.getJobIdsForTag(tag))) {
                    return;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {   // Spark itself stopped (Ctrl-C): its executors go with it
            LOG.debug("could not wait for the write's tasks", e);
        }
    }

    /**
     * Whether these jobs have ended with no task still running. The tracker reads what Spark's
     * listener has recorded, which lags: a job is known to have ended once its end is recorded, and
     * by then its stages' task counts are up to date.
     */
    private static boolean ended(SparkStatusTracker tracker, int[] jobs) {
        for (int job : jobs) {
            Option<SparkJobInfo> info = tracker.getJobInfo(job);
            if (info.isEmpty() || info.get().status() == JobExecutionStatus.RUNNING) {
                return false;
            }
            for (int stage : info.get().stageIds()) {
                Option<SparkStageInfo> stageInfo = tracker.getStageInfo(stage);
                if (stageInfo.isDefined() && stageInfo.get().numActiveTasks() > 0) {
                    return false;
                }
            }
        }
        return true;
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
