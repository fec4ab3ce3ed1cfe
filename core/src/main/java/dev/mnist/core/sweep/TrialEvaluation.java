package dev.mnist.core.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.load.Dataset;
import dev.mnist.core.evaluate.EvaluationListener;
import dev.mnist.core.evaluate.EvaluationReport;
import dev.mnist.core.evaluate.Evaluator;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.report.EvaluationPages;
import dev.mnist.core.run.RunFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A trial's model scored on its data's test split, as {@code mnist evaluate} scores it, the report
 * kept in the trial's run folder where {@code evaluate} keeps its own (and the board finds it).
 */
public final class TrialEvaluation {
    private static final String SPLIT = "test";
    private static final int MISTAKES = 10;

    private TrialEvaluation() {
    }

    public static EvaluationReport run(RunFolder trial, Path data) {
        try (Predictor predictor = Predictor.load(trial.model())) {
            InputContract contract = predictor.metadata().input();
            Dataset test = Dataset.load(data, Split.TEST, contract.preparedShape(), contract.preparation());
            EvaluationReport report = new Evaluator(EvaluationListener.NONE).evaluate(predictor, test, MISTAKES);
            EvaluationPages.keepInRun(report, test.images(), trial.model(), SPLIT);
            return report;
        }
    }

    /** The test accuracy kept for the trial's model, if it was evaluated. */
    static Optional<Double> accuracy(RunFolder trial) {
        Path file = trial.evaluation(trial.model(), SPLIT).resolve(EvaluationPages.REPORT_JSON);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode report = Json.MAPPER.readTree(file.toFile());
            return Optional.of(report.get("accuracy").asDouble());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
