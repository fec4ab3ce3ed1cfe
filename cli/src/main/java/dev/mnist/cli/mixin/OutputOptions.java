package dev.mnist.cli.mixin;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --verbose} and {@code --quiet}: given on the top command, inherited by every subcommand; not both. */
public class OutputOptions {
    public static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    public static final String ND4J_LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.org.nd4j";

    private boolean verbose;
    private boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Show library logging, and stack traces on errors.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        if (verbose) {
            System.setProperty(LOG_LEVEL_PROPERTY, "info");
            System.setProperty(ND4J_LOG_LEVEL_PROPERTY, "info");
        }
    }

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Print no progress, only results and errors.")
    void setQuiet(boolean quiet) {
        this.quiet = quiet;
    }

    public boolean verbose() {
        return verbose;
    }

    public boolean quiet() {
        return quiet;
    }
}
