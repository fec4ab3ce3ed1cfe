package dev.mnist.cli;

import dev.mnist.cli.mixin.KnownName;
import dev.mnist.core.data.download.DatasetSpec;
import dev.mnist.core.data.download.Datasets;
import dev.mnist.core.data.download.DownloadListener;
import dev.mnist.core.data.download.Downloader;
import dev.mnist.core.data.download.RemoteFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download an IDX data set, verify each file's size and MD5, and gunzip it.",
        footer = {"", "Mirrors are tried in order until one delivers a valid file. A mirror is an http(s):// "
                + "or file:// URL, or a plain folder. MNIST_MIRROR (several separated by spaces or commas) "
                + "replaces the built-in list, as --mirror does. Files already present and valid are skipped; "
                + "an interrupted download resumes from its .part file."})
final class DownloadCommand implements Callable<Integer> {
    static final String MIRROR_ENV = "MNIST_MIRROR";

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", defaultValue = Datasets.DEFAULT, paramLabel = "NAME",
            description = "Data set: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = DatasetNames.class, converter = KnownName.Dataset.class)
    String dataset;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder to write to (default: data/<dataset>).")
    Path dir;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "Base URL or folder to fetch from; repeat for fallbacks. Replaces the built-in mirrors.")
    List<String> mirrors;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Give up on a mirror after this long without data (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--max-time", defaultValue = "600", paramLabel = "SECONDS",
            description = "Give up on a mirror when one file takes longer than this in all, however steadily it trickles "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxTimeSeconds;

    @Option(names = "--force", description = "Fetch again even when valid files are present; replace another data set in --dir.")
    boolean force;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1 || maxTimeSeconds < 1) {
            throw new ParameterException(this.spec.commandLine(), (timeoutSeconds < 1 ? "--timeout" : "--max-time")
                    + " must be at least 1 second");
        }
        if (!Datasets.names().contains(dataset)) {
            throw new ParameterException(this.spec.commandLine(), "--dataset must be one of " + String.join(", ", Datasets.names())
                    + ", not '" + dataset + "'");
        }
        DatasetSpec spec = Datasets.byName(dataset);
        Path target = dir != null ? dir : Path.of("data", spec.name());
        Terminal terminal = Terminal.of(this.spec);
        List<URI> sources = mirrorList(spec);
        new Downloader(Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(maxTimeSeconds), new Progress(terminal))
                .download(spec, sources, target, force);
        terminal.out().println(spec.name() + ": " + spec.files().size() + " files ready in " + target);
        terminal.out().flush();
        return ExitCode.OK;
    }

    private List<URI> mirrorList(DatasetSpec spec) {
        List<String> chosen = mirrors;
        if (chosen == null || chosen.isEmpty()) {
            String env = System.getenv(MIRROR_ENV);
            if (env != null && !env.isBlank()) {
                chosen = Arrays.stream(env.trim().split("[\\s,]+")).toList();
            }
        }
        if (chosen == null || chosen.isEmpty()) {
            return spec.mirrors();
        }
        String from = mirrors == null || mirrors.isEmpty() ? MIRROR_ENV : "--mirror";
        return chosen.stream().map(mirror -> {
            try {
                URI uri = toUri(mirror);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
                if (!List.of("http", "https", "file").contains(scheme) || !scheme.equals("file") && uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s):// or file:// address");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new ParameterException(this.spec.commandLine(), from + " '" + mirror + "' is not a mirror: "
                        + "give an http(s):// or file:// URL, or a folder");
            }
        }).toList();
    }

    /** A URL as given, or a plain folder as a file: URL; either way ending in '/' so names resolve inside it. */
    static URI toUri(String mirror) {
        URI uri = mirror.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") ? URI.create(mirror) : Path.of(mirror).toAbsolutePath().toUri();
        String text = uri.toString();
        return text.endsWith("/") ? uri : URI.create(text + "/");
    }

    static final class DatasetNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Datasets.names().iterator();
        }
    }

    /** Renders a download as one progress bar per file. */
    private static final class Progress implements DownloadListener {
        private final Terminal terminal;
        private ProgressBar bar;

        Progress(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public void started(RemoteFile file, URI source, long alreadyHave) {
            if (alreadyHave > 0) {
                terminal.info("%s: resuming at %s from %s", file.name(), ProgressBar.bytes(alreadyHave), source);
            }
            bar = terminal.progress(file.name(), file.size(), ProgressBar.Unit.BYTES);
        }

        @Override
        public void progress(RemoteFile file, long bytesSoFar) {
            bar.update(bytesSoFar);
        }

        @Override
        public void mirrorFailed(RemoteFile file, URI source, String reason) {
            if (bar != null) {
                bar.finish("failed from " + source + ": " + reason);
                bar = null;
            } else {
                terminal.info("%s: failed from %s: %s", file.name(), source, reason);
            }
        }

        @Override
        public void finished(RemoteFile file, boolean downloaded) {
            if (downloaded && bar != null) {
                bar.finish(String.format(java.util.Locale.ROOT, "%s in %.1f s, MD5 verified", ProgressBar.bytes(file.size()), bar.elapsedSeconds()));
            } else if (!downloaded) {
                terminal.info("%s: already present and valid", file.name());
            }
            bar = null;
        }
    }
}
