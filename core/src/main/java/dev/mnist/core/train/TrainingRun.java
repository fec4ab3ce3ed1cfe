package dev.mnist.core.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.Lineage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What run.json records: the full configuration and what it resolved to, among it the model's input
 * contract and how its preparation was chosen ({@code given}, or auto's reason), and the model it
 * started from ({@code initialization}, null when trained from scratch), and the unreadable images of
 * class folders it left out ({@code skippedImages}, "file: why").
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
        Map<String, String> versions,
        @JsonInclude(JsonInclude.Include.NON_NULL) Initialization initialization,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> skippedImages) {

    /** The model this run was fine-tuned from; null when trained from scratch. */
    public Lineage parent() {
        return initialization == null ? null : initialization.parent();
    }
}
