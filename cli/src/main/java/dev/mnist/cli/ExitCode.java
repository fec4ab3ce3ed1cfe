package dev.mnist.cli;

/** The exit codes every command uses; README lists them. */
public final class ExitCode {
    public static final int OK = 0;
    /** An unexpected failure: a bug, or an I/O error outside the user's inputs. */
    public static final int SOFTWARE = 1;
    /** Bad command line: unknown option, bad value, missing argument (picocli's own code). */
    public static final int USAGE = 2;
    /** An input is unusable: malformed or missing data file, image or model. */
    public static final int BAD_INPUT = 3;
    /** No mirror delivered a valid copy of a file. */
    public static final int DOWNLOAD_FAILED = 4;
    /** Some inputs could not be read and were skipped; the rest were processed. */
    public static final int SOME_INPUTS_FAILED = 5;
    /** The model's accuracy is below {@code --min-accuracy}. */
    public static final int BELOW_MIN_ACCURACY = 6;
    /** {@code --device gpu} and no usable GPU (or a build without CUDA). */
    public static final int DEVICE_UNAVAILABLE = 7;
    /** Training diverged: the loss became NaN or infinite; nothing of that epoch was saved. */
    public static final int DIVERGED = 8;
    /** {@code export --check}: the exported file's answers differ from the toolkit's. */
    public static final int EXPORT_MISMATCH = 9;
    /** Interrupted by SIGINT or SIGTERM (a JVM ending on SIGTERM itself reports 143); training saved a checkpoint. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
