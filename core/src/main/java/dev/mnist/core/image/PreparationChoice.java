package dev.mnist.core.image;

import dev.mnist.core.model.InputContract.Preparation;

/** {@code train --prepare}: the preparation the model's input contract gets, or {@code auto} to decide from the data. */
public enum PreparationChoice {
    AUTO(null),
    DIGIT(Preparation.DIGIT),
    PLAIN(Preparation.PLAIN);

    private final Preparation preparation;

    PreparationChoice(Preparation preparation) {
        this.preparation = preparation;
    }

    /** The preparation asked for; null for auto. */
    public Preparation preparation() {
        return preparation;
    }
}
