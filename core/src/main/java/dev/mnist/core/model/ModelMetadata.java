package dev.mnist.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What a model zip says about itself, so that nothing else is needed to use it: the architecture,
 * the class names in output order, its {@link InputContract} (how an image becomes its input), and
 * how far it was trained: {@code epoch} complete epochs, and {@code batchesDone} batches into the
 * next one when training was stopped mid-epoch (0 otherwise); and the model it was fine-tuned from,
 * {@code parent} (null when trained from scratch).
 */
@JsonIgnoreProperties(ignoreUnknown = true) // a newer format's fields: the format version check says so
public record ModelMetadata(
        int formatVersion,
        String architecture,
        List<String> classNames,
        InputContract input,
        int epoch,
        long seed,
        int batchesDone,
        @JsonInclude(JsonInclude.Include.NON_NULL) Lineage parent) {

    /**
     * 3: {@code graph.sdz} holds the graph's structure alone, its arrays are in {@code weights.bin}
     * and {@code optimizer.bin}; 2: the input contract ({@code input}); 1 had only {@code inputShape}
     * and a fixed preparation.
     */
    public static final int FORMAT_VERSION = 3;
    /** The first format whose {@code graph.sdz} holds no arrays. */
    static final int STRUCTURE_ONLY_GRAPH = 3;

    public ModelMetadata {
        if (architecture == null || classNames == null || input == null) {
            throw new IllegalArgumentException("model.json needs architecture, classNames and input");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String name : classNames) {
            if (name == null || !seen.add(name)) {
                throw new IllegalArgumentException("model.json's classNames " + (name == null ? "holds a null" : "name '" + name + "' twice")
                        + ": a class must have one name of its own");
            }
        }
    }

    /**
     * Reads both formats: a format-1 file has {@code inputShape} and no contract, and gets the
     * preparation it was always given ({@link InputContract#legacy}).
     */
    @JsonCreator
    static ModelMetadata read(@JsonProperty("formatVersion") int formatVersion,
                              @JsonProperty("architecture") String architecture,
                              @JsonProperty("classNames") List<String> classNames,
                              @JsonProperty("input") InputContract input,
                              @JsonProperty("inputShape") InputShape legacyShape,
                              @JsonProperty("preprocessing") String legacyPreprocessing,
                              @JsonProperty("epoch") int epoch,
                              @JsonProperty("seed") long seed,
                              @JsonProperty("batchesDone") int batchesDone,
                              @JsonProperty("parent") Lineage parent) {
        InputContract contract = input != null ? input : legacyShape != null ? InputContract.legacy(legacyShape) : null;
        return new ModelMetadata(formatVersion, architecture, classNames, contract, epoch, seed, batchesDone, parent);
    }

    @JsonIgnore
    public InputShape inputShape() {
        return input.shape();
    }

    ModelMetadata withFormatVersion(int version) {
        return new ModelMetadata(version, architecture, classNames, input, epoch, seed, batchesDone, parent);
    }

    public ModelMetadata withInput(InputContract newInput) {
        return new ModelMetadata(formatVersion, architecture, classNames, newInput, epoch, seed, batchesDone, parent);
    }
}
