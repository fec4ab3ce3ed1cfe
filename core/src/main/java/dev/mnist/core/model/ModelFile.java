package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.Existing;
import dev.mnist.core.io.Json;
import dev.mnist.core.nd4j.Nd4jWorkarounds;
import dev.mnist.core.nd4j.TrainingState;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A model zip: {@code model.json} (the {@link ModelMetadata}), {@code graph.sdz} (the SameDiff
 * graph's structure, see {@link GraphStructure}), {@code weights.bin} (its weights and running
 * statistics, see {@link Weights}) and {@code optimizer.bin} (the optimizer's state, in the same
 * form), so that training can resume from any model file, and inference can rebuild the network from
 * its architecture and weights instead of deserialising the graph, which costs over a second on first
 * use. Files of format 2 and before hold the arrays and the optimizer state in {@code graph.sdz}.
 * Nothing is ever extracted to a path taken from the zip.
 */
public final class ModelFile {
    static final String METADATA_ENTRY = "model.json";
    static final String GRAPH_ENTRY = "graph.sdz";
    static final String WEIGHTS_ENTRY = "weights.bin";
    static final String OPTIMIZER_ENTRY = "optimizer.bin";
    /** The input contract's mean values, when it subtracts one: floats, big-endian, planar. */
    static final String MEAN_ENTRY = "mean.bin";

    /** A loaded model: its graph and what it says about itself. */
    public record Loaded(SameDiff graph, ModelMetadata metadata) {
    }

    private ModelFile() {
    }

    public static void save(Path target, SameDiff graph, ModelMetadata metadata) {
        AtomicFiles.write(target, temporary -> {
            Path graphFile = Files.createTempFile("mnist-graph", ".sdz");
            Path weightsFile = Files.createTempFile("mnist-weights", ".bin");
            Path optimizerFile = Files.createTempFile("mnist-optimizer", ".bin");
            try {
                java.util.Set<String> state = network(metadata).state().keySet();
                GraphStructure.save(graph, state, graphFile.toFile());
                try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(weightsFile))) {
                    Weights.write(graph, state, out);
                }
                Map<String, INDArray> optimizer = OptimizerState.of(graph);
                if (!optimizer.isEmpty()) {
                    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(optimizerFile))) {
                        Weights.write(optimizer, out);
                    }
                }
                try (OutputStream out = Files.newOutputStream(temporary); ZipOutputStream zip = new ZipOutputStream(out)) {
                    zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
                    // The entries are this format's, whatever the metadata was read as.
                    zip.write(Json.MAPPER.writeValueAsBytes(metadata.withFormatVersion(ModelMetadata.FORMAT_VERSION)));
                    zip.closeEntry();
                    putStored(zip, GRAPH_ENTRY, graphFile);
                    putStored(zip, WEIGHTS_ENTRY, weightsFile);
                    if (!optimizer.isEmpty()) {
                        putStored(zip, OPTIMIZER_ENTRY, optimizerFile);
                    }
                    if (metadata.input().meanValues() != null) {
                        zip.putNextEntry(new ZipEntry(MEAN_ENTRY));
                        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(4 * metadata.input().meanValues().length);
                        bytes.asFloatBuffer().put(metadata.input().meanValues());
                        zip.write(bytes.array());
                        zip.closeEntry();
                    }
                }
            } finally {
                Files.deleteIfExists(graphFile);
                Files.deleteIfExists(weightsFile);
                Files.deleteIfExists(optimizerFile);
            }
        });
    }

    /** A model file as another of the same graph and metadata: a copy of the bytes, not a second save of the graph. */
    public static void copy(Path saved, Path target) {
        AtomicFiles.write(target, temporary -> Files.copy(saved, temporary, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
    }

    /** Floats hardly compress, and deflating a large network's hundreds of megabytes takes seconds: stored as they are. */
    private static void putStored(ZipOutputStream zip, String name, Path file) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        try (InputStream in = new java.util.zip.CheckedInputStream(Files.newInputStream(file), crc)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(Files.size(file));
        entry.setCompressedSize(Files.size(file));
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        Files.copy(file, zip);
        zip.closeEntry();
    }

    public static ModelMetadata readMetadata(Path file) {
        return read(file, zip -> metadata(zip, file).metadata());
    }

    public static Loaded load(Path file) {
        return read(file, zip -> {
            Read model = metadata(zip, file);
            return new Loaded(savedGraph(zip, file, model), model.metadata());
        });
    }

    /**
     * Loads a model for inference only: the network rebuilt from its architecture with the saved
     * weights, without optimizer state. Falls back to the whole graph for zips without weights.
     */
    public static Loaded loadForInference(Path file) {
        return read(file, zip -> {
            Read model = metadata(zip, file);
            ZipEntry weightsEntry = zip.getEntry(WEIGHTS_ENTRY);
            if (weightsEntry == null) {
                return new Loaded(savedGraph(zip, file, model), model.metadata());
            }
            Map<String, INDArray> arrays;
            try (InputStream in = zip.getInputStream(weightsEntry)) {
                arrays = Weights.read(in, model.network().state(), file);
            }
            return new Loaded(InferenceGraph.build(model.network(), arrays), model.metadata());
        });
    }

    /** A model's arrays by name (see {@link Network#state}) and the SHA-256 of the entry they were read from. */
    public record SavedArrays(ModelMetadata metadata, Map<String, INDArray> arrays, String sha256) {
        /** What a model fine-tuned from this one records of it, this file being at {@code file}. */
        public Lineage lineage(Path file) {
            return new Lineage(file, sha256, metadata.architecture(), metadata.classNames().size(), metadata.epoch(),
                    metadata.parent());
        }
    }

    /**
     * The parameters and running statistics of a model, as {@code train --init-from} copies them;
     * from the graph for zips written before {@code weights.bin} existed.
     */
    public static SavedArrays loadArrays(Path file) {
        return read(file, zip -> {
            Read model = metadata(zip, file);
            ModelMetadata metadata = model.metadata();
            ZipEntry weightsEntry = zip.getEntry(WEIGHTS_ENTRY);
            if (weightsEntry == null) {
                SameDiff graph = savedGraph(zip, file, model);
                Map<String, INDArray> arrays = new java.util.HashMap<>();
                model.network().state().keySet().forEach(name -> arrays.put(name, graph.getArrForVarName(name)));
                try (InputStream in = zip.getInputStream(zip.getEntry(GRAPH_ENTRY))) {
                    return new SavedArrays(metadata, arrays, sha256(in));
                }
            }
            java.security.MessageDigest digest = sha256();
            try (InputStream in = new java.security.DigestInputStream(zip.getInputStream(weightsEntry), digest)) {
                Map<String, INDArray> arrays = Weights.read(in, model.network().state(), file);
                in.transferTo(OutputStream.nullOutputStream());
                return new SavedArrays(metadata, arrays, java.util.HexFormat.of().formatHex(digest.digest()));
            }
        });
    }

    private static String sha256(InputStream in) throws IOException {
        java.security.MessageDigest digest = sha256();
        try (InputStream hashed = new java.security.DigestInputStream(in, digest)) {
            hashed.transferTo(OutputStream.nullOutputStream());
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static Network network(ModelMetadata metadata) {
        return Architectures.byName(metadata.architecture()).plan(metadata.inputShape(), metadata.classNames().size());
    }

    /** Reads something from the model zip; I/O failures become one-line input errors naming the file. */
    private interface ZipReader<T> {
        T read(ZipFile zip) throws IOException;
    }

    private static <T> T read(Path file, ZipReader<T> reader) {
        try (ZipFile zip = open(file)) {
            return reader.read(zip);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read model (" + e.getMessage() + ")", e);
        }
    }

    /** The whole SameDiff graph as saved, with its arrays and optimizer state. */
    private static SameDiff savedGraph(ZipFile zip, Path file, Read model) throws IOException {
        ZipEntry graphEntry = zip.getEntry(GRAPH_ENTRY);
        if (graphEntry == null) {
            throw new InvalidInputException(file + ": not a model file (no " + GRAPH_ENTRY + " inside)");
        }
        boolean structureOnly = model.metadata().formatVersion() >= ModelMetadata.STRUCTURE_ONLY_GRAPH;
        ZipEntry weightsEntry = zip.getEntry(WEIGHTS_ENTRY);
        Path graphFile = Files.createTempFile("mnist-graph", ".sdz");
        SameDiff graph;
        try {
            try (InputStream in = bounded(zip, graphEntry, Limits.graphBytes(model.network().parameters()), file)) {
                Files.copy(in, graphFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (structureOnly && weightsEntry == null) {
                throw new InvalidInputException(file + ": not a model file (no " + WEIGHTS_ENTRY + " inside)");
            }
            Nd4jWorkarounds.install();   // a resumed graph's batch normalisations and activations train again
            try {
                graph = SameDiff.load(graphFile.toFile(), !structureOnly);
            } catch (RuntimeException e) {
                throw new InvalidInputException(file + ": model graph is corrupt (" + e.getMessage() + ")", e);
            }
        } finally {
            Files.deleteIfExists(graphFile);
        }
        if (structureOnly) {
            try (InputStream in = zip.getInputStream(weightsEntry)) {
                GraphStructure.restore(graph, Weights.read(in, model.network().state(), file));
            }
            restoreOptimizer(zip, file, graph);
        }
        return graph;
    }

    /** The optimizer's state saved beside a structure-only graph, written into the graph's fresh updaters. */
    private static void restoreOptimizer(ZipFile zip, Path file, SameDiff graph) throws IOException {
        ZipEntry entry = zip.getEntry(OPTIMIZER_ENTRY);
        if (entry == null) {
            return;
        }
        try {
            TrainingState.initialize(graph);
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": model graph has optimizer state but no training settings (" + e.getMessage() + ")", e);
        }
        Map<String, INDArray> live = OptimizerState.of(graph);
        try (InputStream in = zip.getInputStream(entry)) {
            Weights.read(in, OptimizerState.shapes(live), file).forEach((name, saved) -> live.get(name).assign(saved));
        }
    }

    private static ZipFile open(Path file) throws IOException {
        Existing.file(file, "model file");
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new InvalidInputException(file + ": not a model file (not a zip archive, or a truncated one)", e);
        }
        for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
            String name = entry.getName();
            if (name.startsWith("/") || name.startsWith("\\") || name.contains("..")) {
                zip.close();
                throw new InvalidInputException(file + ": not a model file (entry '" + name + "' points outside the zip)");
            }
        }
        return zip;
    }

    /** An entry's bytes, at most {@code limit} of them, however large the entry claims or turns out to be. */
    private static InputStream bounded(ZipFile zip, ZipEntry entry, long limit, Path file) throws IOException {
        InputStream in = zip.getInputStream(entry);
        return new java.io.FilterInputStream(in) {
            private long left = limit;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, (int) Math.min(length, left + 1));
                if (n > 0 && (left -= n) < 0) {
                    throw new InvalidInputException(file + ": " + entry.getName() + " is over " + Limits.bytes(limit)
                            + " unpacked; not a model this mnist wrote");
                }
                return n;
            }
        };
    }

    /** The mean the contract subtracts: exactly one float per input value. */
    private static float[] meanValues(ZipFile zip, Path file, ModelMetadata metadata) throws IOException {
        ZipEntry entry = zip.getEntry(MEAN_ENTRY);
        long size = 4L * metadata.inputShape().size();
        if (entry == null) {
            throw new InvalidInputException(file + ": model.json subtracts a mean but there is no " + MEAN_ENTRY);
        }
        byte[] bytes;
        try (InputStream in = bounded(zip, entry, size, file)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length != size) {
            throw new InvalidInputException(file + ": " + MEAN_ENTRY + " holds " + bytes.length + " bytes, not the " + size
                    + " of a " + metadata.inputShape() + " mean");
        }
        float[] values = new float[(int) (size / 4)];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
        return values;
    }

    /** A model's metadata and its network, planned once per read. */
    private record Read(ModelMetadata metadata, Network network) {
    }

    private static Read metadata(ZipFile zip, Path file) throws IOException {
        ZipEntry entry = zip.getEntry(METADATA_ENTRY);
        if (entry == null) {
            throw new InvalidInputException(file + ": not a model file (no " + METADATA_ENTRY + " inside)");
        }
        ModelMetadata metadata;
        try (InputStream in = bounded(zip, entry, Limits.MAX_MODEL_JSON_BYTES, file)) {
            metadata = Json.MAPPER.readValue(in, ModelMetadata.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException(file + ": model.json is not valid (" + e.getOriginalMessage() + ")", e);
        }
        if (metadata.formatVersion() > ModelMetadata.FORMAT_VERSION) {
            throw new InvalidInputException(file + ": model format " + metadata.formatVersion() + " is newer than this mnist reads");
        }
        if (metadata.epoch() < 0 || metadata.batchesDone() < 0) {
            throw new InvalidInputException(file + ": model.json says epoch " + metadata.epoch() + ", batch " + metadata.batchesDone());
        }
        Network network;
        try {
            network = Architectures.byName(metadata.architecture()).check(metadata.inputShape(), metadata.classNames().size());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
        if (metadata.input().mean() != InputContract.Mean.NONE) {
            metadata = metadata.withInput(metadata.input().withMean(metadata.input().mean(), meanValues(zip, file, metadata)));
        }
        return new Read(metadata, network);
    }
}
