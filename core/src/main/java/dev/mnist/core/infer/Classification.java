package dev.mnist.core.infer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What became of one input: its top classes, or that it is blank, or why it could not be read.
 */
public record Classification(ClassifyInput input, Status status, List<Guess> top, String error) {

    public enum Status { CLASSIFIED, BLANK, FAILED }

    /** One class the model considers, with its probability; in JSON {@code {"class", "index", "probability"}}. */
    @JsonPropertyOrder({"class", "index", "probability"})
    public record Guess(int index, @JsonProperty("class") String className, double probability) {
    }

    /** True when the input had a label and the model's first guess is it. */
    public boolean correct() {
        return status == Status.CLASSIFIED && input.labelled() && top.get(0).index() == input.label();
    }
}
