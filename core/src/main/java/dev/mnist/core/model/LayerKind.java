package dev.mnist.core.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a layer does, as {@code mnist models} and {@code mnist inspect} name it. */
public enum LayerKind {
    CONV("conv"),
    POOL("pool"),
    BATCH_NORM("batchnorm"),
    LOCAL_RESPONSE_NORM("lrn"),
    DROPOUT("dropout"),
    RESIDUAL("residual"),
    DENSE("dense"),
    SOFTMAX("softmax");

    private final String id;

    LayerKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
