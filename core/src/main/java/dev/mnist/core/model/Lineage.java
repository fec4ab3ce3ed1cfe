package dev.mnist.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.file.Path;

/**
 * The model a model was fine-tuned from ({@code train --init-from}): where it was, what it was
 * (architecture, classes, epochs) and the SHA-256 of its weights, which names it whatever its path
 * becomes. {@code parent} is that model's own lineage, so the chain goes back to a model trained
 * from scratch.
 */
public record Lineage(Path model, String weightsSha256, String architecture, int classes, int epoch,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Lineage parent) {

    /** One line: {@code runs/digits/model.zip (lenet, 5 classes, epoch 3, weights 1a2b3c4d5e6f)}. */
    public String describe() {
        return model + " (" + architecture + ", " + classes + " classes, epoch " + epoch + ", weights "
                + weightsSha256.substring(0, 12) + ")" + (parent == null ? "" : ", itself from " + parent.model());
    }
}
