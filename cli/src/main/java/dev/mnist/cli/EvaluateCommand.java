package dev.mnist.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnist.cli.mixin.DataOption;
import dev.mnist.cli.mixin.ModelOption;
import dev.mnist.cli.mixin.PreparationOption;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.load.Dataset;
import dev.mnist.core.evaluate.EvaluationListener;
import dev.mnist.core.evaluate.EvaluationReport;
import dev.mnist.core.evaluate.Evaluator;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.io.OutputFolder;
import dev.mnist.core.report.EvaluationPages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a trained model on a labelled data set: accuracy, top-5 accuracy, per-class precision, "
                + "recall and F1, the confusion matrix and the most confidently wrong images.",
        footer = {"", "Images are prepared as the model's input contract says, as classify prepares a file (IDX images "
                + "keep their size; a digit model's get the digit preparation). Data is matched to the model's classes by name. With --min-accuracy the exit code is 6 when "
                + "accuracy is below the bar, so a CI job can gate on it; the report is printed either way."})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    DataOption data;

    @Mixin
    PreparationOption prepare;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "test or train, for IDX and converted folders (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--errors", defaultValue = "10", paramLabel = "N",
            description = "Most confidently wrong images to list (default: ${DEFAULT-VALUE}).")
    int errors;

    @Option(names = "--min-accuracy", paramLabel = "X", description = "Exit with code 6 when accuracy is below X (0 to 1).")
    Double minAccuracy;

    @Option(names = "--json", description = "Print one JSON document instead of tables.")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write confusion.png, errors.png and index.html (with the numbers) into DIR.")
    Path reportDir;

    @Option(names = "--force", description = "Replace files in --report's DIR that mnist did not write there.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        validate();
        if (reportDir != null) {
            OutputFolder.claim(reportDir, EvaluationPages.FILES, force);
        }
        Terminal terminal = Terminal.of(spec);
        Predictor predictor = Predictor.load(model.path());
        InputContract contract = prepare.apply(predictor.metadata().input());
        Dataset dataset = Dataset.load(data.path(), split.equals("train") ? Split.TRAIN : Split.TEST, contract.preparedShape(),
                contract.preparation());
        if (!dataset.skipped().isEmpty()) {
            terminal.info("skipped %d unreadable images, left out: %s", dataset.skipped().size(),
                    Printable.of(String.join("; ", dataset.skipped())));
        }
        Progress progress = new Progress(terminal);
        EvaluationReport report = new Evaluator(progress).evaluate(predictor, dataset, errors);
        progress.finish(report);
        keepForTheBoard(report, dataset, predictor);
        if (reportDir != null) {
            EvaluationPages.write(report, dataset.images(), reportDir);
            terminal.info("report: %s", reportDir.resolve(EvaluationPages.INDEX));
        }
        boolean passed = minAccuracy == null || report.accuracy() >= minAccuracy;
        if (json) {
            ObjectNode document = Json.MAPPER.valueToTree(report);
            if (!dataset.skipped().isEmpty()) {
                document.putPOJO("skipped", dataset.skipped());
            }
            if (minAccuracy != null) {
                document.put("minAccuracy", minAccuracy);
                document.put("passed", passed);
            }
            terminal.out().println(Json.MAPPER.writeValueAsString(document));
        } else {
            print(report, terminal.out());
        }
        terminal.out().flush();
        if (!passed) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "mnist: accuracy %.4f is below --min-accuracy %s%n", report.accuracy(), minAccuracy);
            err.flush();
            return ExitCode.BELOW_MIN_ACCURACY;
        }
        return ExitCode.OK;
    }

    /** A run's model keeps its latest report in the run (for 'mnist board'); a run that cannot take it is only warned of. */
    private void keepForTheBoard(EvaluationReport report, Dataset dataset, Predictor predictor) {
        try {
            EvaluationPages.keepInRun(report, dataset.images(), predictor.file(), split);
        } catch (RuntimeException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("mnist: warning: the report is not kept in the model's run folder (" + e.getMessage() + ")");
            err.flush();
        }
    }

    private void validate() {
        if (!split.equals("test") && !split.equals("train")) {
            throw new ParameterException(spec.commandLine(), "--split must be test or train, not '" + split + "'");
        }
        if (errors < 0) {
            throw new ParameterException(spec.commandLine(), "--errors must be 0 or more");
        }
        if (minAccuracy != null && !(minAccuracy >= 0 && minAccuracy <= 1)) {
            throw new ParameterException(spec.commandLine(), "--min-accuracy must be between 0 and 1");
        }
    }

    private static void print(EvaluationReport r, PrintWriter out) {
        out.printf("model:     %s (%s, epoch %d)%n", r.model(), r.architecture(), r.epoch());
        if (r.parent() != null) {
            out.printf("from:      %s%n", r.parent().describe());
        }
        out.printf("data:      %s (%s): %d images, %d classes%n", r.data(), r.dataFormat(), r.images(), r.classNames().size());
        out.printf(Locale.ROOT, "accuracy:  %.4f  (%d/%d)%n", r.accuracy(), r.correct(), r.images());
        out.printf(Locale.ROOT, "top-%d:     %.4f%n", r.topK(), r.topKAccuracy());
        out.println();
        TextTable scores = new TextTable("class", "precision", "recall", "f1", "support");
        for (EvaluationReport.ClassScores s : r.perClass()) {
            scores.add(s.className(), f4(s.precision()), f4(s.recall()), f4(s.f1()), s.support());
        }
        EvaluationReport.ClassScores m = r.macroAverage();
        scores.add(m.className(), f4(m.precision()), f4(m.recall()), f4(m.f1()), m.support());
        scores.print(out, "");
        out.println();
        printConfusion(r, out);
        out.println();
        printMistakes(r, out);
    }

    private static void printConfusion(EvaluationReport r, PrintWriter out) {
        List<String> names = r.classNames();
        boolean namesAreIndices = IntStream.range(0, names.size()).allMatch(i -> names.get(i).equals(Integer.toString(i)));
        out.println("confusion matrix (rows: true class, columns: predicted class" + (namesAreIndices ? ")" : " by number)"));
        String[] header = new String[names.size() + 1];
        header[0] = "";
        for (int c = 0; c < names.size(); c++) {
            header[c + 1] = Integer.toString(c);
        }
        TextTable table = new TextTable(header);
        for (int actual = 0; actual < names.size(); actual++) {
            Object[] row = new Object[names.size() + 1];
            row[0] = namesAreIndices ? names.get(actual) : actual + " " + names.get(actual);
            for (int predicted = 0; predicted < names.size(); predicted++) {
                row[predicted + 1] = r.confusion()[actual][predicted];
            }
            table.add(row);
        }
        table.print(out, "");
    }

    private static void printMistakes(EvaluationReport r, PrintWriter out) {
        if (r.wrong() == 0) {
            out.println("no wrong predictions");
            return;
        }
        out.printf("most confidently wrong (%d of %d wrong)%n", r.mostConfidentlyWrong().size(), r.wrong());
        if (r.mostConfidentlyWrong().isEmpty()) {
            return;
        }
        TextTable table = new TextTable("image", "true", "predicted", "probability");
        for (EvaluationReport.Mistake mistake : r.mostConfidentlyWrong()) {
            table.add(mistake.source(), mistake.actual(), mistake.predicted(), f4(mistake.probability()));
        }
        table.print(out, "");
    }

    private static String f4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** A progress bar over the images scored. */
    private static final class Progress implements EvaluationListener {
        private final Terminal terminal;
        private ProgressBar bar;

        Progress(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public void started(int images) {
            bar = terminal.progress("evaluate", images, ProgressBar.Unit.IMAGES);
        }

        @Override
        public void batchDone(int imagesDone) {
            bar.update(imagesDone);
        }

        void finish(EvaluationReport report) {
            bar.finish(String.format(Locale.ROOT, "%d images in %.1f s", report.images(), bar.elapsedSeconds()));
        }
    }
}
