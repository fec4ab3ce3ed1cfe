package dev.mnist.core.train;

import dev.mnist.core.model.InputShape;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What run.json records: the full configuration and what it resolved to. */
public record TrainingRun(
        String name,
        Path dir,
        TrainConfig config,
        String dataFormat,
        Path dataSource,
        int trainImages,
        int validationImages,
        List<String> classNames,
        InputShape inputShape,
        String device,
        int startEpoch,
        Map<String, String> versions) {
}
