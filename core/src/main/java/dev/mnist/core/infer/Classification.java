package dev.mnist.core.infer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.io.Serializable;
import java.util.List;

/**
 * What became of one input: its top classes, or that it is blank, or why it could not be read.
 */
public record Classification(ClassifyInput input, Outcome outcome) {

    public enum Status {
        CLASSIFIED("ok"), BLANK("blank"), FAILED("failed");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        /** As classify's CSV and JSON, the Spark job's rows and serve's answers name it. */
        public String id() {
            return id;
        }
    }

    /** What became of one image, wherever it came from: {@code top} is empty unless classified, {@code error} null unless failed. */
    public record Outcome(Status status, List<Guess> top, String error) implements Serializable {
    }

    /** One class the model considers, with its probability; in JSON {@code {"class", "index", "probability"}}. */
    @JsonPropertyOrder({"class", "index", "probability"})
    public record Guess(int index, @JsonProperty("class") String className, double probability) implements Serializable {
    }

    public Status status() {
        return outcome.status();
    }

    public List<Guess> top() {
        return outcome.top();
    }

    public String error() {
        return outcome.error();
    }

    /** True when the input had a label and the model's first guess is it. */
    public boolean correct() {
        return status() == Status.CLASSIFIED && input.labelled() && top().get(0).index() == input.label();
    }
}
