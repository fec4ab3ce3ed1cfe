package dev.mnist.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.ClassifySummary;
import dev.mnist.core.io.Json;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One JSON document, written as results arrive so memory stays flat, one prediction per line:
 * <pre>
 * {"model":..., "preprocessing":"digit", "predictions":[
 * {"path":..., "label":..., "correct":..., "status":"ok", "top":[{"class":"7","index":7,"probability":0.99}, ...]},
 * {"path":..., "status":"failed", "error":"...: not an image"},
 * ...
 * ],
 * "summary":{"images":..., "classified":..., "blank":..., "failed":..., "labelled":..., "correct":..., "accuracy":...}}
 * </pre>
 */
final class JsonPrinter implements ClassificationPrinter {

    private final PrintWriter out;
    private final String model;
    private final String preprocessing;
    private final List<String> classNames;
    private boolean first = true;

    JsonPrinter(PrintWriter out, String model, String preprocessing, List<String> classNames) {
        this.out = out;
        this.model = model;
        this.preprocessing = preprocessing;
        this.classNames = classNames;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Prediction(String path, String label, Boolean correct, String status, List<Classification.Guess> top,
                              String error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Summary(long images, long classified, long blank, long failed, long labelled, long correct, Double accuracy) {
    }

    @Override
    public void start() {
        out.print("{\"model\":" + json(model) + ",\"preprocessing\":" + json(preprocessing) + ",\"predictions\":[");
    }

    @Override
    public void print(Classification result) {
        boolean labelled = result.input().labelled();
        boolean failed = result.status() == Classification.Status.FAILED;
        Prediction prediction = new Prediction(result.input().path().toString(),
                labelled ? classNames.get(result.input().label()) : null, labelled && !failed ? result.correct() : null,
                result.status().id(), failed ? null : result.top(), failed ? result.error() : null);
        out.print(first ? "\n" : ",\n");
        out.print(json(prediction));
        first = false;
    }

    @Override
    public void finish(ClassifySummary s) {
        Summary summary = new Summary(s.total(), s.classified(), s.blank(), s.failed(), s.labelled(), s.correct(),
                s.labelled() > 0 ? s.accuracy() : null);
        out.println("\n],\n\"summary\":" + json(summary) + "}");
        out.flush();
    }

    private static String json(Object value) {
        try {
            return Json.COMPACT.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
