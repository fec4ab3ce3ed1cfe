package dev.mnist.core.report;

import dev.mnist.core.data.ImageSet;
import dev.mnist.core.evaluate.EvaluationReport;
import dev.mnist.core.image.Pictures;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.Json;
import dev.mnist.core.io.Png;
import dev.mnist.core.run.RunFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code mnist evaluate --report DIR}: {@code confusion.png}, {@code errors.png} (the most
 * confidently wrong images, true and predicted class under each) and an {@code index.html} with
 * them and the numbers, all relative, so the folder opens offline and can be moved.
 */
public final class EvaluationPages {
    public static final String ERRORS = "errors.png";
    public static final String INDEX = "index.html";
    /** What {@link #write} puts into its folder. */
    public static final java.util.List<String> FILES = java.util.List.of(ConfusionHeatmap.FILE, ERRORS, INDEX);
    public static final String REPORT_JSON = "evaluation.json";
    public static final int ERROR_SCALE = 3;
    public static final int ERROR_COLUMNS = 5;

    private EvaluationPages() {
    }

    /** The errors grid: the report's mistakes in its order, each image as the data set holds it. */
    public static ImageGrid errors(EvaluationReport report, ImageSet images) {
        ImageGrid grid = new ImageGrid(images.cols(), images.rows(), ERROR_SCALE, ERROR_COLUMNS, 2);
        for (EvaluationReport.Mistake m : report.mostConfidentlyWrong()) {
            grid.add(Pictures.fromPixels(images.image(m.index()), 0, images.channels(), images.rows(), images.cols()),
                    String.format(Locale.ROOT, "%s\n→ %s %.0f%%", m.actual(), m.predicted(), 100 * m.probability()));
        }
        return grid;
    }

    /**
     * Keeps the report where the board finds it, when the model sits in a run folder: that run's
     * {@link RunFolder#evaluation(Path, String) evaluations/MODEL-SPLIT/}, its pages and
     * {@value #REPORT_JSON}, which is written last, so a reader that finds it finds the pictures too.
     *
     * @return the folder, or empty when the model is not in a run folder
     */
    public static Optional<Path> keepInRun(EvaluationReport report, ImageSet images, Path modelFile, String split) {
        Optional<RunFolder> run = RunFolder.of(modelFile);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        Path dir = run.get().evaluation(modelFile, split);
        write(report, images, dir);
        AtomicFiles.write(dir.resolve(REPORT_JSON), temporary -> Json.MAPPER.writeValue(temporary.toFile(), report));
        return Optional.of(dir);
    }

    public static void write(EvaluationReport report, ImageSet images, Path dir) {
        AtomicFiles.outputFolder(dir);
        Png.write(ConfusionHeatmap.render(report.confusion(), report.classNames()), dir.resolve(ConfusionHeatmap.FILE));
        Png.write(errors(report, images).render(), dir.resolve(ERRORS));
        AtomicFiles.writeString(dir.resolve(INDEX), page(report));
    }

    private static String page(EvaluationReport r) {
        Html html = new Html("Evaluation of " + r.model());
        html.paragraph(String.format(Locale.ROOT, "%s (%s, %d epochs) on %s (%s): %d images.", r.model(), r.architecture(),
                r.epoch(), r.data(), r.dataFormat(), r.images()));
        html.table(List.of("accuracy", "top-" + r.topK() + " accuracy", "correct", "wrong"), List.of(List.of(
                percent(r.accuracy()), percent(r.topKAccuracy()), String.valueOf(r.correct()), String.valueOf(r.wrong()))));
        html.heading("Confusion matrix").image(ConfusionHeatmap.FILE, "confusion matrix heatmap");
        List<String> header = new ArrayList<>(List.of("true \\ predicted"));
        header.addAll(r.classNames());
        List<List<String>> rows = new ArrayList<>();
        for (int actual = 0; actual < r.confusion().length; actual++) {
            List<String> row = new ArrayList<>(List.of(r.classNames().get(actual)));
            for (long count : r.confusion()[actual]) {
                row.add(String.valueOf(count));
            }
            rows.add(row);
        }
        html.table(header, rows);
        html.heading("Per class");
        List<List<String>> scores = new ArrayList<>();
        for (EvaluationReport.ClassScores s : r.perClass()) {
            scores.add(scoreRow(s));
        }
        scores.add(scoreRow(r.macroAverage()));
        html.table(List.of("class", "precision", "recall", "F1", "images"), scores);
        html.heading("Most confidently wrong").paragraph("Under each image: its true class, then → the predicted class and the probability given to it.")
                .image(ERRORS, "the most confidently wrong images");
        List<List<String>> mistakes = new ArrayList<>();
        for (EvaluationReport.Mistake m : r.mostConfidentlyWrong()) {
            mistakes.add(List.of(m.source(), m.actual(), m.predicted(), percent(m.probability())));
        }
        html.table(List.of("image", "true", "predicted", "probability"), mistakes);
        return html.end();
    }

    private static List<String> scoreRow(EvaluationReport.ClassScores s) {
        return List.of(s.className(), String.format(Locale.ROOT, "%.4f", s.precision()), String.format(Locale.ROOT, "%.4f", s.recall()),
                String.format(Locale.ROOT, "%.4f", s.f1()), String.valueOf(s.support()));
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * value);
    }
}
