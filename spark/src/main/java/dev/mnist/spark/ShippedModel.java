package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.run.RunFolder;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A model zip sent to every executor as a broadcast (each executor fetches it once, from the driver
 * or its peers) and loaded there once per executor JVM, however many tasks use it: the tasks of an
 * executor share one {@link Predictor}, whose passes use the executor's cores in turn while the
 * tasks read and prepare images in parallel. Loaded models are known by their bytes' SHA-256, so a
 * later job with the same model in the same JVM (local mode, a notebook) uses it again, and one with
 * another model never does.
 */
final class ShippedModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ShippedModel.class);
    private static final Map<String, Predictor> LOADED = new ConcurrentHashMap<>();

    private final String source;
    private final String sha256;
    private final Broadcast<byte[]> zip;
    /** The metadata travels as the model zip holds it, JSON; parsed again where it is used. */
    private final byte[] metadataJson;
    private transient ModelMetadata metadata;

    private ShippedModel(String source, String sha256, Broadcast<byte[]> zip, ModelMetadata metadata) {
        this.source = source;
        this.sha256 = sha256;
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
     * a model, and ships it; with {@code preparation} (null: none), its input contract says that instead.
     */
    private static ShippedModel ship(SparkSession spark, Path modelOrRun, Preparation preparation) {
        Path file = RunFolder.modelFile(sentWithFiles(modelOrRun));
        ModelMetadata read = ModelFile.readMetadata(file);
        ModelMetadata metadata = read.withInput(read.input().overriddenBy(preparation));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        Broadcast<byte[]> zip = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
        return new ShippedModel(file.toString(), sha256(bytes), zip, metadata);
    }

    /** {@code job} with the model shipped for it, which is released when the job is over. */
    static <T> T with(SparkSession spark, Path modelOrRun, Preparation preparation, Function<ShippedModel, T> job) {
        ShippedModel model = ship(spark, modelOrRun, preparation);
        try {
            return job.apply(model);
        } finally {
            model.zip.destroy();
        }
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

    /** The model file as the driver was given it, as {@code mnist evaluate} reports it. */
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
        return LOADED.computeIfAbsent(sha256, key -> {
            try {
                Path local = Files.createTempFile("mnist-model", ".zip");
                local.toFile().deleteOnExit();
                Files.write(local, zip.value());
                Predictor predictor = Predictor.load(local);
                LOG.info("loaded the model {} ({}, sha256 {}) in this JVM", source, metadata().architecture(), key);
                return predictor;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the model to a local file (" + e.getMessage() + ")", e);
            }
        });
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
