package dev.mnist.core.report;

import dev.mnist.core.infer.Classification;

import java.util.List;

/** {@code mnist inspect}: what one image did to every layer of a model, and the pictures of it. */
public record Inspection(String image, String model, String preprocessing, boolean blank, List<Classification.Guess> top,
                         String inputFile, List<LayerInspection> layers) {
}
