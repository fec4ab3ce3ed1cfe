package dev.mnist.core.board;

import dev.mnist.core.evaluate.EvaluationReport;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.train.TrainingRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run page's document: its row, its {@code run.json}, epochs, latest test evaluation, runs
 * fine-tuned from it, checkpoints, pictures, and the command lines that resume, evaluate, export it
 * or classify with it.
 */
record RunDetails(RunSummary summary, TrainingRun run, List<EpochMetrics> epochs, EvaluationReport evaluation,
                  Map<String, String> evaluationImages, List<String> children, List<Checkpoint> checkpoints,
                  Map<String, String> images, Map<String, String> commands) {

    record Checkpoint(String file, long bytes, String modified) {
    }

    static RunDetails of(RunListing.Entry entry, List<RunListing.Entry> all) {
        RunSummary summary = entry.summary();
        String base = "/api/runs/" + UrlSegment.encode(summary.name());
        List<String> children = all.stream().filter(e -> summary.name().equals(e.summary().parent()))
                .map(e -> e.summary().name()).toList();
        if (entry.read().failure() != null) {
            return new RunDetails(summary, entry.read().run(), List.of(), null, null, children, List.of(), Map.of(), Map.of());
        }
        RunFolder folder = entry.run().folder();
        EvaluationReport evaluation = entry.read().evaluation();
        Map<String, String> evaluationImages = evaluation == null ? null : Map.of(
                "confusion", base + "/evaluation/confusion.png", "errors", base + "/evaluation/errors.png");
        Map<String, String> images = new LinkedHashMap<>();
        images.put("curves", Files.isRegularFile(folder.curves()) ? base + "/files/" + RunFolder.CURVES : null);
        images.put("augmented", Files.isRegularFile(folder.augmented()) ? base + "/files/" + RunFolder.AUGMENTED : null);
        return new RunDetails(summary, entry.read().run(), entry.read().epochs(), evaluation, evaluationImages, children,
                checkpoints(folder), images, commands(entry));
    }

    private static List<Checkpoint> checkpoints(RunFolder folder) {
        return folder.checkpoints().stream().map(file -> {
            try {
                return new Checkpoint(file.getFileName().toString(), Files.size(file),
                        Instant.ofEpochMilli(Files.getLastModifiedTime(file).toMillis()).toString());
            } catch (IOException e) {
                return new Checkpoint(file.getFileName().toString(), -1, null);
            }
        }).toList();
    }

    /** What a user types next: resume a run that can be; evaluate, export or classify with one that has a model. */
    private static Map<String, String> commands(RunListing.Entry entry) {
        RunFolder folder = entry.run().folder();
        String run = shell(shown(folder.dir()));
        boolean model = Files.isRegularFile(folder.model());
        String state = entry.summary().state();
        boolean resumable = !state.equals("running") && !state.equals("finished") && (!folder.checkpoints().isEmpty() || !model);
        TrainingRun record = entry.read().run();
        String data = record.dataSource() == null ? "DIR" : shell(shown(record.dataSource()));
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("resume", resumable ? "mnist train --resume " + run : null);
        commands.put("evaluate", model ? "mnist evaluate --model " + run + " --data " + data : null);
        commands.put("export", model ? "mnist export --model " + run + " --out " + shell(entry.summary().name() + ".onnx") : null);
        commands.put("classify", model ? "mnist classify --model " + run + " IMAGE" : null);
        return commands;
    }

    /** A path as the user would type it here: relative to the working folder when under it. */
    private static String shown(Path path) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    /** Quoted for a POSIX shell when it holds anything but plain characters. */
    static String shell(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
