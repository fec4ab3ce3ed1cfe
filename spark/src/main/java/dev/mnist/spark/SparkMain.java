package dev.mnist.spark;

import dev.mnist.core.BuildInfo;
import dev.mnist.core.InvalidInputException;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.spark.SparkException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application jar's entry point: {@code spark-submit --class dev.mnist.spark.SparkMain
 * mnist-spark.jar classify|evaluate|sweep ...}. Exit codes are {@code mnist}'s: 2 a bad command line, 3 an
 * unusable input, 5 some images could not be read (their rows say why), 6 accuracy below
 * {@code evaluate --min-accuracy}, 130 stopped (the JVM shutting down, or the job cancelled), 1 anything else.
 */
@Command(name = "mnist-spark", mixinStandardHelpOptions = true, versionProvider = SparkMain.Version.class,
        description = "Classify or evaluate image collections of any size on Apache Spark, with a model 'mnist train' made, or "
                + "train a sweep's trials as Spark tasks.",
        subcommands = {ClassifyCommand.class, EvaluateCommand.class, SweepCommand.class},
        footer = {"", "Run with spark-submit --class dev.mnist.spark.SparkMain spark/target/mnist-spark.jar COMMAND ..., "
                + "or without a Spark installation with examples/spark-local.sh COMMAND ..."})
public final class SparkMain implements Runnable {
    static final int SOFTWARE = 1;
    static final int BAD_INPUT = 3;
    static final int SOME_INPUTS_FAILED = 5;
    static final int BELOW_MIN_ACCURACY = 6;
    static final int INTERRUPTED = 130;

    private static final CountDownLatch COMMAND_ENDED = new CountDownLatch(1);
    private static final long SAY_WHY_SECONDS = 10;
    /** Spark 3's message, or Spark 4's after its "[SPARK_JOB_CANCELLED] " and before its " SQLSTATE: ...". */
    private static final Pattern JOB_CANCELLED = Pattern.compile("(?:^|] )(Job \\d+ cancelled.*?)(?: SQLSTATE: \\w+)?$", Pattern.MULTILINE);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** A command whose work is kept piece by piece: what of it a stopped job kept. */
    interface KeepsWork {
        /** What was kept and how to go on; null when nothing was. */
        String keptOnStop();
    }

    /** {@code mnist-spark 0.1.0}, with the ND4J backend and the Spark it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"mnist-spark " + BuildInfo.version(), "ND4J " + BuildInfo.nd4jVersion() + " ("
                    + BuildInfo.nd4jBackend() + ")", "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: classify, evaluate or sweep");
    }

    public static void main(String[] args) {
        // The JVM halts once the shutdown hooks end: this one waits (a little) for the command to say why it stopped.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                COMMAND_ENDED.await(SAY_WHY_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mnist-spark-shutdown"));
        int code = execute(args);
        COMMAND_ENDED.countDown();
        SparkSession.getActiveSession().foreach(session -> {
            session.stop();
            return null;
        });
        System.exit(code);
    }

    /** Runs one command in the active (or a new) Spark session, which it leaves running; returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** {@link #execute(String...)} printing to {@code out} and {@code err}. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new SparkMain());
        line.setOut(out);
        line.setErr(err);
        line.setExpandAtFiles(false);   // @LIST names an image list, not picocli's argument file
        line.setParameterExceptionHandler(SparkMain::badCommandLine);
        line.setExecutionExceptionHandler(SparkMain::failed);
        return line.execute(args);
    }

    private static int badCommandLine(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("mnist-spark: error: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * A user's mistake (an unusable model, input or output; a path no file system reads) is one line
     * and exit 3, whether the driver found it or a task did; anything else is a bug, with its trace.
     */
    private static int failed(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
        PrintWriter err = line.getErr();
        String cancelled = cancellation(e);
        boolean interrupted = jvmShuttingDown();
        if (interrupted || cancelled != null) {
            String kept = line.getCommand() instanceof KeepsWork command ? command.keptOnStop() : null;
            err.println("mnist-spark: stopped: " + (interrupted ? "interrupted, Spark shut down before the job ended" : cancelled)
                    + "; " + (kept != null ? kept : "no output was committed"));
            err.flush();
            return INTERRUPTED;
        }
        Throwable mistake = userMistake(e);
        if (mistake != null) {
            err.println("mnist-spark: error: " + String.valueOf(mistake.getMessage()).lines().findFirst().orElse(""));
            err.flush();
            return BAD_INPUT;
        }
        err.println("mnist-spark: unexpected " + e);
        e.printStackTrace(err);
        err.flush();
        return SOFTWARE;
    }

    /** Whether the JVM is shutting down (Ctrl-C, SIGTERM), whose hooks, Spark's among them, stop the running job. */
    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Spark's "Job N cancelled ..." when someone cancelled the job (from Spark's UI, say); else null. */
    private static String cancellation(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SparkException && cause.getMessage() != null) {
                Matcher m = JOB_CANCELLED.matcher(cause.getMessage());
                // A SparkContext shut down by anything but this JVM's shutdown is no one's cancellation.
                if (m.find() && !m.group(1).contains("SparkContext was shut down")) {
                    return m.group(1).strip();
                }
            }
        }
        return null;
    }

    private static Throwable userMistake(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidInputException || cause instanceof AnalysisException
                    || cause instanceof UnsupportedFileSystemException || cause instanceof AccessControlException
                    || cause instanceof FileNotFoundException) {
                return cause;
            }
        }
        return null;
    }
}
