package dev.mnist.spark;

import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.run.RunFolder;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model zip sent to every executor with the job ({@code SparkContext.addFile}) and loaded there
 * once per executor JVM, however many tasks use it: the tasks of an executor share one
 * {@link Predictor}, whose passes use the executor's cores in turn while the tasks read and prepare
 * images in parallel.
 */
final class ShippedModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Predictor> LOADED = new ConcurrentHashMap<>();

    private final String fileName;
    private final String source;
    /** The metadata travels as the model zip holds it, JSON; parsed again where it is used. */
    private final byte[] metadataJson;
    private transient ModelMetadata metadata;

    private ShippedModel(String fileName, String source, ModelMetadata metadata) {
        this.fileName = fileName;
        this.source = source;
        this.metadata = metadata;
        try {
            this.metadataJson = Json.MAPPER.writeValueAsBytes(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * On the driver: checks that {@code modelOrRun} (a model zip, or a run folder's {@code model.zip}) is
     * a model, and ships it.
     */
    static ShippedModel ship(SparkSession spark, Path modelOrRun) {
        Path file = RunFolder.modelFile(modelOrRun).toAbsolutePath();
        ModelMetadata metadata = ModelFile.readMetadata(file);
        spark.sparkContext().addFile(file.toString());
        return new ShippedModel(file.getFileName().toString(), file.toString(), metadata);
    }

    /** The model file as the driver named it. */
    String source() {
        return source;
    }

    ModelMetadata metadata() {
        if (metadata == null) {
            try {
                metadata = Json.MAPPER.readValue(metadataJson, ModelMetadata.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return metadata;
    }

    /** On an executor: the model, loaded on first use. */
    Predictor predictor() {
        return LOADED.computeIfAbsent(SparkFiles.get(fileName), local -> Predictor.load(Path.of(local)));
    }
}
