package dev.mnist.core.board;

import dev.mnist.core.evaluate.EvaluationReport;
import dev.mnist.core.io.Json;
import dev.mnist.core.report.EvaluationPages;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.RunState;
import dev.mnist.core.train.TrainingRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run folder as the board reads it, without writing anything: its record, epochs, state and
 * latest test evaluation, read together into a {@link Read}; whatever of it is broken or
 * half-written makes the run {@link RunSummary#UNREADABLE unreadable}, with the reason.
 */
final class BoardRun {
    private final String name;
    private final RunFolder folder;

    BoardRun(String name, Path dir) {
        this.name = name;
        this.folder = new RunFolder(dir);
    }

    String name() {
        return name;
    }

    RunFolder folder() {
        return folder;
    }

    /** What the run's files say now ({@code state} as written); {@code failure} is null when all of them read. */
    record Read(TrainingRun run, List<EpochMetrics> epochs, RunState state, EvaluationReport evaluation, String failure) {
    }

    Read read() {
        TrainingRun run = null;
        try {
            if (!folder.hasRun()) {
                return new Read(null, List.of(), null, null, "no " + RunFolder.RUN_JSON + " (a run that stopped before it began, "
                        + "or not a run folder)");
            }
            run = folder.readRun(TrainingRun.class);
            if (run.config() == null) {
                return new Read(null, List.of(), null, null, RunFolder.RUN_JSON + " has no configuration");
            }
            List<EpochMetrics> epochs = folder.metrics();
            RunState state = folder.readState().orElseGet(this::stateOfAnOlderRun);
            if (state.status() == null) {
                return new Read(run, List.of(), null, null, RunFolder.STATE + " has no status");
            }
            return new Read(run, epochs, state, evaluation(folder.model(), "test").orElse(null), null);
        } catch (RuntimeException e) {
            return new Read(run, List.of(), null, null, oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** Runs trained before runs recorded their state: finished with a model, else stopped. */
    private RunState stateOfAnOlderRun() {
        boolean finished = Files.isRegularFile(folder.model());
        return new RunState(finished ? RunState.Status.FINISHED : RunState.Status.STOPPED,
                finished ? null : "no model.zip: stopped before its end (recorded before runs kept their state)",
                0, null, null, modified(folder.dir().resolve(RunFolder.RUN_JSON)), null, -1);
    }

    /**
     * The latest report of {@code mnist evaluate} on one of the run's models for {@code split}; none
     * when the model was written after it (a run trained on since), which it is then not about.
     */
    Optional<EvaluationReport> evaluation(Path model, String split) {
        Path file = folder.evaluation(model, split).resolve(EvaluationPages.REPORT_JSON);
        if (!Files.isRegularFile(file) || modifiedMillis(model) > modifiedMillis(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), EvaluationReport.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    RunSummary summary(Read read, String dataset, String parent) {
        if (read.failure() != null) {
            return RunSummary.unreadable(name, read.failure());
        }
        TrainingRun run = read.run();
        RunState state = read.state().seen();
        Double best = read.epochs().stream().mapToDouble(EpochMetrics::valAccuracy).filter(Double::isFinite).boxed()
                .max(Double::compare).orElse(null);
        double seconds = state.trainingSeconds() >= 0 ? state.trainingSeconds()
                : read.epochs().stream().mapToDouble(EpochMetrics::seconds).sum();
        int done = read.epochs().isEmpty() ? 0 : read.epochs().get(read.epochs().size() - 1).epoch();
        return new RunSummary(name, state.status().id(), state.reason() == null ? null : oneLine(state.reason()),
                run.config().model(), run.dataSource() == null ? null : run.dataSource().toString(), dataset, done,
                run.config().epochs(), best, read.evaluation() == null ? null : read.evaluation().accuracy(), seconds,
                state.started(), parent);
    }

    /** Changes whenever a file the {@link Read} comes from changes: what a cached read is kept by. */
    String fingerprint() {
        StringBuilder print = new StringBuilder();
        for (Path file : List.of(folder.dir().resolve(RunFolder.RUN_JSON), folder.dir().resolve(RunFolder.METRICS),
                folder.dir().resolve(RunFolder.STATE), folder.model(),
                folder.evaluation(folder.model(), "test").resolve(EvaluationPages.REPORT_JSON))) {
            try {
                print.append(Files.getLastModifiedTime(file).toMillis()).append('/').append(Files.size(file)).append(';');
            } catch (IOException e) {
                print.append("-;");
            }
        }
        return print.toString();
    }

    private static long modifiedMillis(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String modified(Path file) {
        try {
            return Instant.ofEpochMilli(Files.getLastModifiedTime(file).toMillis()).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** A reason on one line, control characters shown as spaces: it comes from files anyone may have written. */
    static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ").strip();
    }
}
