package dev.mnist.core.train;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.AtomicFiles;
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
 * A run's folder: {@code model.zip}, {@code best.zip}, {@code checkpoints/epoch-NNN.zip},
 * {@code metrics.csv}, {@code curves.png} and {@code run.json}. Every file is written under a temporary name and renamed.
 */
public final class RunFolder {
    public static final String MODEL = "model.zip";
    public static final String BEST = "best.zip";
    public static final String METRICS = "metrics.csv";
    public static final String RUN_JSON = "run.json";
    public static final String LATEST = "latest";
    /** {@code epoch-003.zip} after 3 epochs; {@code epoch-003-batch-00421.zip} after 421 batches of the 4th. */
    private static final Pattern CHECKPOINT = Pattern.compile("epoch-(\\d{3,})(?:-batch-(\\d{5,}))?\\.zip");

    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path model() {
        return dir.resolve(MODEL);
    }

    public Path best() {
        return dir.resolve(BEST);
    }

    public Path checkpoint(int epoch) {
        return dir.resolve("checkpoints").resolve(String.format("epoch-%03d.zip", epoch));
    }

    /** A checkpoint taken when training stopped {@code batches} batches after {@code epochs} complete epochs. */
    public Path checkpoint(int epochs, int batches) {
        return batches == 0 ? checkpoint(epochs)
                : dir.resolve("checkpoints").resolve(String.format("epoch-%03d-batch-%05d.zip", epochs, batches));
    }

    /** Completed checkpoints, oldest first; temporary files left by a killed process are not among them. */
    public List<Path> checkpoints() {
        Path folder = dir.resolve("checkpoints");
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

    void pruneCheckpoints(int keep) {
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

    /** metrics.csv, and curves.png drawn from it. */
    void writeMetrics(List<EpochMetrics> rows) {
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        rows.forEach(row -> csv.append(row.csv()).append('\n'));
        AtomicFiles.writeString(dir.resolve(METRICS), csv.toString());
        TrainingCurves.write(rows, dir.resolve(TrainingCurves.FILE));
    }

    void writeRun(TrainingRun run) {
        AtomicFiles.write(dir.resolve(RUN_JSON), temporary -> Json.MAPPER.writeValue(temporary.toFile(), run));
    }

    public TrainingRun readRun() {
        Path file = dir.resolve(RUN_JSON);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(dir + ": not a run folder (no " + RUN_JSON + ")");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), TrainingRun.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Points {@code <runs>/latest} at this run, replacing the link atomically. */
    void markLatest() {
        Path runs = dir.toAbsolutePath().getParent();
        Path link = runs.resolve(LATEST);
        Path temporary = AtomicFiles.temporaryBeside(link);
        try {
            Files.createSymbolicLink(temporary, dir.getFileName());
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
