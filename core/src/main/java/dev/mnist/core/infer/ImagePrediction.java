package dev.mnist.core.infer;

import dev.mnist.core.image.PreparedImage;

import java.util.List;

/** One image's answer: the input the model saw, and its top classes (none when the image is blank). */
public record ImagePrediction(PreparedImage input, List<Classification.Guess> top) {
    public boolean blank() {
        return input.blank();
    }
}
