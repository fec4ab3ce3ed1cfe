package dev.mnist.cli;

import dev.mnist.cli.mixin.OutputOptions;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.URI;

/**
 * Where a command writes: results on stdout, progress and notices on stderr, so scripts can
 * read stdout alone. Progress bars redraw in place on a terminal and print plain lines elsewhere.
 */
public final class Terminal {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;
    private final OutputOptions options;

    /** The command's streams, with the -v/-q given anywhere on its command line. */
    public static Terminal of(CommandSpec spec) {
        return new Terminal(spec.commandLine().getOut(), spec.commandLine().getErr(), MnistCommand.output(spec));
    }

    public Terminal(PrintWriter out, PrintWriter err, OutputOptions options) {
        this(out, err, System.console() != null && System.getenv("CI") == null, options);
    }

    Terminal(PrintWriter out, PrintWriter err, boolean interactive, OutputOptions options) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.options = options;
    }

    public PrintWriter out() {
        return out;
    }

    /** A line of information on stderr, unless --quiet. */
    /** A server's address as a script appends a path to it: {@code $address/api/classify}, no slash doubled. */
    static String address(URI root) {
        String text = root.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    public void info(String format, Object... args) {
        if (!options.quiet()) {
            err.println(String.format(format, args));
            err.flush();
        }
    }

    public ProgressBar progress(String label, long total, ProgressBar.Unit unit) {
        return new ProgressBar(err, label, total, unit, interactive, options.quiet());
    }
}
