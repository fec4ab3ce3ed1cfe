package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.run.RunFolder;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model zip sent to every executor as a broadcast (each executor fetches it once, from the driver
 * or its peers) and loaded there once per executor JVM, however many tasks use it: the tasks of an
 * executor share one {@link Predictor}, whose passes use the executor's cores in turn while the
 * tasks read and prepare images in parallel.
 */
final class ShippedModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<Long, Predictor> LOADED = new ConcurrentHashMap<>();

    private final String source;
    private final Broadcast<byte[]> zip;
    /** The metadata travels as the model zip holds it, JSON; parsed again where it is used. */
    private final byte[] metadataJson;
    private transient ModelMetadata metadata;

    private ShippedModel(String source, Broadcast<byte[]> zip, ModelMetadata metadata) {
        this.source = source;
        this.zip = zip;
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
        Path file = RunFolder.modelFile(sentWithFiles(modelOrRun)).toAbsolutePath();
        ModelMetadata metadata = ModelFile.readMetadata(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        Broadcast<byte[]> zip = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
        return new ShippedModel(file.toString(), zip, metadata);
    }

    /**
     * A bare file name that is not in the working folder but was sent with {@code spark-submit --files}
     * (where a driver in cluster mode finds its files): that file; otherwise the path as it is.
     */
    private static Path sentWithFiles(Path modelOrRun) {
        if (modelOrRun.getParent() == null && !Files.exists(modelOrRun)) {
            Path sent = Path.of(SparkFiles.get(modelOrRun.toString()));
            if (Files.exists(sent)) {
                return sent;
            }
        }
        return modelOrRun;
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

    /** On an executor: the model, written to a local temporary file and loaded on first use. */
    Predictor predictor() {
        return LOADED.computeIfAbsent(zip.id(), id -> {
            try {
                Path local = Files.createTempFile("mnist-model", ".zip");
                local.toFile().deleteOnExit();
                Files.write(local, zip.value());
                return Predictor.load(local);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the model to a local file (" + e.getMessage() + ")", e);
            }
        });
    }
}
