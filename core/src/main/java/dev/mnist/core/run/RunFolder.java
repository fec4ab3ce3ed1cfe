package dev.mnist.core.run;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.Existing;
import dev.mnist.core.io.FolderLock;
import dev.mnist.core.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one owner of a run folder's layout: {@code model.zip}, {@code best.zip},
 * {@code checkpoints/epoch-NNN.zip}, {@code metrics.csv}, {@code curves.png}, {@code run.json}, the
 * records written as it trains ({@code steps.csv}, {@code state.json}, TensorBoard's
 * {@code events.out.tfevents.*}) and the latest evaluation of each of its models ({@code evaluations/}),
 * and of {@code <runs>/latest} (which moves to a run only once it has a model), of its lock, and of
 * what "a model zip or a run folder" means. Every file is written under a temporary name and renamed.
 */
public final class RunFolder {
    /** Where runs go, and where commands look for a model, when none is named. */
    public static final String DEFAULT_RUNS = "runs";
    public static final String LATEST = "latest";
    public static final String DEFAULT_MODEL = DEFAULT_RUNS + "/" + LATEST;
    public static final String MODEL = "model.zip";
    public static final String BEST = "best.zip";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String METRICS = "metrics.csv";
    public static final String CURVES = "curves.png";
    public static final String AUGMENTED = "augmented.png";
    public static final String RUN_JSON = "run.json";
    public static final String STEPS = "steps.csv";
    public static final String STATE = "state.json";
    public static final String EVALUATIONS = "evaluations";
    /** {@code epoch-003.zip} after 3 epochs; {@code epoch-003-batch-00421.zip} after 421 batches of the 4th. */
    private static final Pattern CHECKPOINT = Pattern.compile("epoch-(\\d{3,})(?:-batch-(\\d{5,}))?\\.zip");

    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * A new run {@code runs/<name>}, or {@code runs/<timestamp>} when the name is null, locked for
     * this process. A folder of that name is taken over only when it holds nothing to lose: no
     * model and no checkpoint (a run stopped before its first one).
     */
    public static Lock create(Path runs, String name) {
        latestIsOurs(runs);
        Path dir = runs.resolve(name != null ? name : timestampName(runs));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot create the run folder (" + e + ")", e);
        }
        RunFolder folder = new RunFolder(dir);
        Lock lock = folder.lock();
        if (Files.exists(folder.model()) || !folder.checkpoints().isEmpty()) {
            lock.close();
            throw new InvalidInputException(dir + ": a run of that name exists; choose another --run or --resume it");
        }
        return lock;
    }

    /** Holds a run folder for one process: another that tries to train in it meanwhile gets a clear error. */
    public final class Lock implements AutoCloseable {
        private final FolderLock lock;

        private Lock(FolderLock lock) {
            this.lock = lock;
        }

        public RunFolder folder() {
            return RunFolder.this;
        }

        @Override
        public void close() {
            lock.close();
        }
    }

    /** Locks this run folder for this process. */
    public Lock lock() {
        Existing.folder(dir, "run folder");
        return new Lock(FolderLock.acquire(dir, "another mnist is training in this run folder; wait for it, or use another --run"));
    }

    /**
     * The model zip a path names: the path itself, or a run folder's {@code model.zip}; a missing
     * default ({@code runs/latest}) says how to make one.
     */
    public static Path modelFile(Path modelOrRun) {
        if (Files.isDirectory(modelOrRun)) {
            Path model = modelOrRun.resolve(MODEL);
            if (!Files.isRegularFile(model)) {
                throw new InvalidInputException(modelOrRun + ": " + withoutModel(new RunFolder(modelOrRun)));
            }
            return model;
        }
        Path zip = modelOrRun.resolveSibling(modelOrRun.getFileName() + ".zip");
        if (!Files.exists(modelOrRun) && modelOrRun.getFileName() != null && Files.isRegularFile(zip)) {
            return zip;   // runs/x/best for runs/x/best.zip, as a run's files are named in its listing
        }
        if (!Files.exists(modelOrRun)) {
            throw new InvalidInputException(modelOrRun + ": no such model" + (modelOrRun.endsWith(Path.of(DEFAULT_MODEL))
                    ? "; train one first with 'mnist train', or name one with --model" : ""));
        }
        return modelOrRun;
    }

    /** Why a folder has no model.zip: a run that has none yet, or none at all, by its state.json; or no run. */
    private static String withoutModel(RunFolder folder) {
        Optional<RunState> state;
        try {
            state = folder.readState();
        } catch (RuntimeException unreadable) {
            state = Optional.empty();
        }
        if (state.isEmpty()) {
            return "not a run folder (no " + MODEL + " inside)";
        }
        String reason = state.get().reason() == null ? "" : " (" + state.get().reason() + ")";
        return switch (state.get().status()) {
            case RUNNING -> "a run still training, with no " + MODEL + " yet; name a checkpoint or wait for it";
            case DIVERGED -> "a run whose training diverged" + reason + "; it has no " + MODEL;
            case STOPPED -> "a run stopped before its first model; continue it with 'mnist train --resume " + folder.dir() + "'";
            default -> "a run with no " + MODEL + reason;
        };
    }

    /**
     * A model's path as records keep it (a sidecar, a fine-tuned run's lineage): absolute, with links
     * such as {@code runs/latest} resolved, so that it still names the same file once they move.
     */
    public static Path lastingPath(Path modelFile) {
        try {
            return modelFile.toRealPath();
        } catch (java.io.IOException e) {
            return modelFile.toAbsolutePath().normalize();
        }
    }

    /** The run a model zip was saved in ({@code model.zip}, {@code best.zip} or a checkpoint), if it sits in one. */
    public static Optional<RunFolder> of(Path modelFile) {
        Path dir = modelFile.toAbsolutePath().getParent();
        if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals(CHECKPOINTS)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isRegularFile(dir.resolve(METRICS)) && !Files.isRegularFile(dir.resolve(RUN_JSON))) {
            return Optional.empty();
        }
        return Optional.of(new RunFolder(dir));
    }

    public Path dir() {
        return dir;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public Path model() {
        return dir.resolve(MODEL);
    }

    public Path best() {
        return dir.resolve(BEST);
    }

    /** Training images as the augmentation makes them, written when a run starts with one. */
    public Path augmented() {
        return dir.resolve(AUGMENTED);
    }

    public Path curves() {
        return dir.resolve(CURVES);
    }

    public Path checkpoint(int epoch) {
        return dir.resolve(CHECKPOINTS).resolve(String.format("epoch-%03d.zip", epoch));
    }

    /** A checkpoint taken when training stopped {@code batches} batches after {@code epochs} complete epochs. */
    public Path checkpoint(int epochs, int batches) {
        return batches == 0 ? checkpoint(epochs)
                : dir.resolve(CHECKPOINTS).resolve(String.format("epoch-%03d-batch-%05d.zip", epochs, batches));
    }

    /** Completed checkpoints, oldest first; temporary files left by a killed process are not among them. */
    public List<Path> checkpoints() {
        Path folder = dir.resolve(CHECKPOINTS);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(RunFolder::progressOf)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Path> latestCheckpoint() {
        List<Path> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Epochs and batches done, as one number that orders checkpoints. */
    static long progressOf(Path checkpoint) {
        Matcher matcher = CHECKPOINT.matcher(checkpoint.getFileName().toString());
        if (!matcher.matches()) {
            return -1;
        }
        long batches = matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2));
        return Long.parseLong(matcher.group(1)) * 1_000_000_000L + batches;
    }

    /** Deletes all but the newest {@code keep} checkpoints. */
    public void pruneCheckpoints(int keep) {
        List<Path> all = checkpoints();
        for (int i = 0; i < all.size() - keep; i++) {
            AtomicFiles.deleteQuietly(all.get(i));
        }
    }

    public List<EpochMetrics> metrics() {
        Path file = dir.resolve(METRICS);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().skip(1).filter(line -> !line.isBlank()).map(EpochMetrics::parse).toList();
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(file + ": cannot read metrics (" + e.getMessage() + ")", e);
        }
    }

    public void writeMetrics(List<EpochMetrics> rows) {
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        rows.forEach(row -> csv.append(row.csv()).append('\n'));
        AtomicFiles.writeString(dir.resolve(METRICS), csv.toString());
    }

    /** Writes {@code run.json}: whatever record the trainer keeps there. */
    public void writeRun(Object run) {
        AtomicFiles.write(dir.resolve(RUN_JSON), temporary -> Json.MAPPER.writeValue(temporary.toFile(), run));
    }

    public boolean hasRun() {
        return Files.isRegularFile(dir.resolve(RUN_JSON));
    }

    /** Reads {@code run.json} as {@code type}; readers that want a part of it ignore the rest. */
    public <T> T readRun(Class<T> type) {
        Path file = dir.resolve(RUN_JSON);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(dir + ": not a run folder (no " + RUN_JSON + ")");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    public Path steps() {
        return dir.resolve(STEPS);
    }

    /** The training records, to append to after {@code lastStep} (see {@link StepLog#open}). */
    public StepLog stepLog(long lastStep) {
        return StepLog.open(steps(), lastStep);
    }

    public void writeState(RunState state) {
        AtomicFiles.write(dir.resolve(STATE), temporary -> Json.MAPPER.writeValue(temporary.toFile(), state));
    }

    /** {@code state.json} as written (see {@link RunState#seen()} for how to take it); empty when there is none. */
    public Optional<RunState> readState() {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), RunState.class));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Where {@code mnist evaluate} keeps its latest report on {@code model} (a zip of this run) for {@code split}. */
    public Path evaluation(Path model, String split) {
        String stem = model.getFileName().toString().replaceFirst("\\.zip$", "");
        return dir.resolve(EVALUATIONS).resolve(stem + "-" + split);
    }

    /**
     * Refuses to go on when {@code <runs>/latest} is something the toolkit did not make (a file or a
     * folder of the user's): it would be replaced, or stay and go on naming an old model.
     */
    public static void latestIsOurs(Path runs) {
        Path latest = runs.resolve(LATEST);
        if (Files.exists(latest, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(latest)) {
            throw new InvalidInputException(latest + ": is a " + (Files.isDirectory(latest) ? "folder" : "file")
                    + " this tool did not make (it keeps " + LATEST + " as a link to the newest run); rename or remove it");
        }
    }

    /** Points {@code <runs>/latest} at this run (the real folder, when named through a link), replacing the link atomically. */
    public void markLatest() {
        Path real = lastingPath(dir);
        Path runs = real.getParent();
        Path link = runs.resolve(LATEST);
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
            return;   // the user's own (refused before training by latestIsOurs)
        }
        Path temporary = AtomicFiles.temporaryBeside(link);
        try {
            Files.createSymbolicLink(temporary, real.getFileName());
            AtomicFiles.move(temporary, link);
        } catch (IOException | UnsupportedOperationException e) {
            AtomicFiles.deleteQuietly(temporary);
        }
    }

    /** A fresh name for a run: the local time, made unique within {@code runs}. */
    static String timestampName(Path runs) {
        String base = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String name = base;
        for (int i = 2; Files.exists(runs.resolve(name)); i++) {
            name = base + "-" + i;
        }
        return name;
    }
}
