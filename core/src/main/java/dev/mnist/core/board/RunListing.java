package dev.mnist.core.board;

import dev.mnist.core.model.Lineage;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.sweep.Sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The runs under the board's run folders, listed afresh on every call: a run is a folder of a
 * root that holds any of a run's files, or a trial of a sweep's folder there (named SWEEP:TRIAL). Each run is named by its folder's name (a name shared with
 * a run of another root gets a number), and is only ever addressed by that name, never by a path
 * from a request. A run's files are read again only when they changed.
 */
final class RunListing {
    private static final Set<String> RUN_FILES = Set.of(RunFolder.RUN_JSON, RunFolder.METRICS, RunFolder.STATE, RunFolder.STEPS,
            RunFolder.MODEL, RunFolder.CHECKPOINTS);

    private static final long FRESH_NANOS = 200_000_000L;
    /** Between a sweep's name and its trial's in the trial's listed name. */
    static final String SWEEP_SEPARATOR = ":";

    private final List<Path> roots;
    private final DatasetCatalog datasets;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();
    private List<Entry> latest;
    private List<SweepEntry> latestSweeps;
    private long latestNanos;

    private record Cached(String fingerprint, BoardRun.Read read) {
    }

    /** A listed run, what its files said, and its row. */
    record Entry(BoardRun run, BoardRun.Read read, RunSummary summary) {
    }

    /** A listed sweep: its name (its folder's, numbered as runs are when two roots share it), folder, and its trials' listed names by folder name. */
    record SweepEntry(String name, Path dir, Map<String, String> trials) {
    }

    RunListing(List<Path> roots, DatasetCatalog datasets) {
        this.roots = roots.stream().map(root -> root.toAbsolutePath().normalize()).toList();
        this.datasets = datasets;
    }

    List<Path> roots() {
        return roots;
    }

    /**
     * Every run, newest start first, as the folders are now, or were at most {@link #FRESH_NANOS} ago:
     * the page's requests for a run, its pictures and the feeds' ticks share one look.
     */
    synchronized List<Entry> runs() {
        if (latest == null || System.nanoTime() - latestNanos > FRESH_NANOS) {
            List<SweepEntry> sweeps = new ArrayList<>();
            latest = look(sweeps);
            latestSweeps = List.copyOf(sweeps);
            latestNanos = System.nanoTime();
        }
        return latest;
    }

    /** Every sweep, as the folders were at the last {@link #runs()}; in the roots' order, then by name. */
    synchronized List<SweepEntry> sweeps() {
        runs();
        return latestSweeps;
    }

    Optional<SweepEntry> findSweep(String name) {
        return sweeps().stream().filter(sweep -> sweep.name().equals(name)).findFirst();
    }

    private List<Entry> look(List<SweepEntry> sweeps) {
        List<BoardRun> runs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> sweepNames = new HashSet<>();
        for (Path root : roots) {
            for (Path dir : runFolders(root)) {
                add(runs, names, dir.getFileName().toString(), dir);
            }
            for (Path sweep : sweepFolders(root)) {
                Map<String, String> trials = new LinkedHashMap<>();
                for (Path trial : runFolders(sweep)) {
                    trials.put(trial.getFileName().toString(),
                            add(runs, names, sweep.getFileName() + SWEEP_SEPARATOR + trial.getFileName(), trial));
                }
                sweeps.add(new SweepEntry(unique(sweepNames, sweep.getFileName().toString()), sweep, Map.copyOf(trials)));
            }
        }
        Map<Path, String> byDir = new HashMap<>();
        Map<BoardRun, BoardRun.Read> reads = new HashMap<>();
        for (BoardRun run : runs) {
            byDir.put(real(run.folder().dir()), run.name());
            reads.put(run, read(run));
        }
        List<Entry> entries = new ArrayList<>();
        for (BoardRun run : runs) {
            BoardRun.Read read = reads.get(run);
            String dataset = null;
            if (read.run() != null && read.run().dataSource() != null) {
                dataset = datasets.idOf(read.run().dataSource());
                datasets.usedWith(dataset, read.run().input());
            }
            entries.add(entry(run, read, dataset, parentName(read, byDir)));
        }
        entries.sort(Comparator.comparing((Entry e) -> e.summary().started() == null ? "" : e.summary().started()).reversed()
                .thenComparing(e -> e.summary().name()));
        cache.keySet().retainAll(runs.stream().map(run -> run.folder().dir()).toList());
        return entries;
    }

    /** A run whose files read but do not make sense together is unreadable too. */
    private static Entry entry(BoardRun run, BoardRun.Read read, String dataset, String parent) {
        try {
            return new Entry(run, read, run.summary(read, dataset, parent));
        } catch (RuntimeException e) {
            BoardRun.Read failed = new BoardRun.Read(read.run(), List.of(), null, null, BoardRun.oneLine(String.valueOf(e.getMessage())));
            return new Entry(run, failed, run.summary(failed, dataset, parent));
        }
    }

    /** Lists the run under {@code wanted}, or a numbered form of it that is still free; returns the name. */
    private static String add(List<BoardRun> runs, Set<String> names, String wanted, Path dir) {
        String name = unique(names, wanted);
        runs.add(new BoardRun(name, dir));
        return name;
    }

    private static String unique(Set<String> names, String wanted) {
        String name = wanted;
        for (int i = 2; !names.add(name); i++) {
            name = wanted + " (" + i + ")";
        }
        return name;
    }

    Optional<Entry> find(String name) {
        return runs().stream().filter(entry -> entry.summary().name().equals(name)).findFirst();
    }

    private BoardRun.Read read(BoardRun run) {
        String fingerprint = run.fingerprint();
        Cached cached = cache.get(run.folder().dir());
        if (cached != null && cached.fingerprint().equals(fingerprint)) {
            return cached.read();
        }
        BoardRun.Read read = run.read();
        cache.put(run.folder().dir(), new Cached(fingerprint, read));
        return read;
    }

    private static String parentName(BoardRun.Read read, Map<Path, String> byDir) {
        Lineage parent = read.run() == null ? null : read.run().parent();
        if (parent == null || parent.model() == null) {
            return null;
        }
        return RunFolder.of(parent.model()).map(folder -> byDir.get(real(folder.dir()))).orElse(null);
    }

    /** The folders of {@code root} with a run's files in them; {@code latest} and hidden ones left out. */
    private static List<Path> runFolders(Path root) {
        return folders(root, dir -> !dir.getFileName().toString().startsWith(".")
                && !dir.getFileName().toString().equals(RunFolder.LATEST) && holdsARun(dir));
    }

    /** The folders of {@code root} that hold a sweep ({@code sweep.json}): their trials are listed as SWEEP:TRIAL. */
    private static List<Path> sweepFolders(Path root) {
        return folders(root, dir -> Files.isRegularFile(dir.resolve(Sweep.FILE)));
    }

    private static List<Path> folders(Path root, java.util.function.Predicate<Path> which) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory).filter(which).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean holdsARun(Path dir) {
        return RUN_FILES.stream().anyMatch(file -> Files.exists(dir.resolve(file)));
    }

    static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }
}
