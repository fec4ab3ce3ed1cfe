package dev.mnist.core.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mnist.core.model.InputContract;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What run.json records: the full configuration and what it resolved to, among it the model's input
 * contract and how its preparation was chosen ({@code given}, or auto's reason).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingRun(
        String name,
        Path dir,
        TrainConfig config,
        String dataFormat,
        Path dataSource,
        int trainImages,
        int validationImages,
        List<String> classNames,
        InputContract input,
        String preparationReason,
        String device,
        int startEpoch,
        Map<String, String> versions) {
}
