package dev.mnist.core.export;

import dev.mnist.core.BuildInfo;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.export.onnx.Onnx.ModelProto;
import dev.mnist.core.export.onnx.Onnx.OperatorSetIdProto;
import dev.mnist.core.export.onnx.Onnx.StringStringEntryProto;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.model.OnnxGraph;
import dev.mnist.core.model.OnnxNetwork;
import dev.mnist.core.run.RunFolder;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mnist export --format onnx}: a model zip as an ONNX file (opset {@link OnnxGraph#OPSET}) of
 * its answering network (batch normalisation by the running statistics, no dropout), input NCHW
 * floats with a batch dimension of any size, outputs {@code logits} and {@code probabilities}; and a
 * sidecar JSON beside it. How an image becomes the input (its contract, the class names) is in the
 * file's {@code metadata_props} and the sidecar. The input is {@code input}, the prepared image
 * scaled as the contract says; with {@code includeScaling}, {@code pixels}: the prepared image's
 * 0-255 values, the mean subtraction and scaling being the graph's first nodes.
 */
public final class OnnxExporter {
    public static final String INPUT = "input";
    public static final String PIXELS = "pixels";
    /** ONNX Runtime 1.20 and the onnx checker 1.12 read IR version 7 with opset 13. */
    private static final int IR_VERSION = 7;

    /** What was written, and what the file takes. */
    public record Export(Path file,
                         Path sidecar,
                         Path model, String architecture, String input, long[] inputShape,
                         boolean scalingIncluded, int opset, long bytes) {
    }

    /** The sidecar JSON: everything another program needs to feed the file an image. */
    public record Sidecar(String format, int opset, String input, long[] inputShape, String inputValues, List<String> outputs,
                          List<String> classNames, InputContract contract, float[] meanValues, String model,
                          String modelWeightsSha256) {
    }

    private OnnxExporter() {
    }

    /** The default file for a model: beside its zip, {@code model.zip} becoming {@code model.onnx}. */
    public static Path defaultTarget(Path modelOrRun) {
        Path zip = RunFolder.modelFile(modelOrRun);
        String name = zip.getFileName().toString();
        return zip.resolveSibling((name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name) + ".onnx");
    }

    /** Whether {@link #export} may write {@code target}, asked before any slower work (see {@link ExportTarget}). */
    public static void checkTarget(Path modelOrRun, Path target, boolean replace) {
        ExportTarget.check(target, sidecarOf(target), RunFolder.modelFile(modelOrRun), replace);
    }

    /** The sidecar of an ONNX file: {@code model.onnx} has {@code model.onnx.json}. */
    public static Path sidecarOf(Path onnxFile) {
        return onnxFile.resolveSibling(onnxFile.getFileName() + ".json");
    }

    /**
     * Writes {@code target} and its sidecar. An existing file there is replaced only when it is an
     * earlier export, or with {@code replace}; never the model itself or a folder.
     */
    public static Export export(Path modelOrRun, Path target, boolean includeScaling, boolean replace) {
        checkTarget(modelOrRun, target, replace);
        Path zip = RunFolder.modelFile(modelOrRun);
        ModelFile.SavedArrays saved = ModelFile.loadArrays(zip);
        ModelMetadata metadata = saved.metadata();
        InputContract contract = metadata.input();
        InputShape shape = contract.shape();
        int classes = metadata.classNames().size();

        OnnxGraph graph = new OnnxGraph(metadata.architecture());
        String input = includeScaling ? PIXELS : INPUT;
        graph.input(input, shape.channels(), shape.height(), shape.width());
        String network = includeScaling ? scaling(graph, contract) : INPUT;
        try {
            OnnxNetwork.write(Architectures.byName(metadata.architecture()).plan(shape, classes), saved.arrays(), graph, network);
        } catch (IllegalStateException e) {
            throw new InvalidInputException(zip + ": " + metadata.architecture() + " cannot be exported to ONNX: " + e.getMessage(), e);
        }
        graph.output(GraphNames.LOGITS, classes);
        graph.output(GraphNames.PROBABILITIES, classes);

        String inputValues = includeScaling
                ? "the prepared image's pixels, 0-255, as floats (the graph subtracts the mean and scales)"
                : "the prepared image's pixels" + (contract.mean() == InputContract.Mean.NONE ? "" : " less the mean values")
                + " divided by 255";
        Sidecar sidecar = new Sidecar("onnx", OnnxGraph.OPSET, input, new long[]{-1, shape.channels(), shape.height(), shape.width()},
                inputValues, List.of(GraphNames.LOGITS, GraphNames.PROBABILITIES), metadata.classNames(), contract,
                contract.meanValues(), RunFolder.lastingPath(zip).toString(), saved.sha256());
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxGraph.OPSET))
                .setProducerName("mnist").setProducerVersion(BuildInfo.version())
                .setDocString(metadata.architecture() + " for " + classes + " classes, exported by mnist from " + zip.getFileName())
                .setGraph(graph.build());
        metadata(sidecar).forEach((key, value) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));

        byte[] bytes = model.build().toByteArray();
        AtomicFiles.write(target, temporary -> Files.write(temporary, bytes));
        Path sidecarFile = sidecarOf(target);
        try {
            AtomicFiles.writeString(sidecarFile, Json.MAPPER.writeValueAsString(sidecar) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Export(target, sidecarFile, zip, metadata.architecture(), input, sidecar.inputShape(), includeScaling,
                OnnxGraph.OPSET, bytes.length);
    }

    /** {@code (pixels - mean) / 255} as the graph's first nodes, exactly as {@code InputTensor} computes it. */
    private static String scaling(OnnxGraph graph, InputContract contract) {
        String values = PIXELS;
        if (contract.mean() != InputContract.Mean.NONE) {
            InputShape shape = contract.shape();
            String mean = graph.constant("mean_values", Nd4j.create(contract.meanValues(),
                    new long[]{1, shape.channels(), shape.height(), shape.width()}, 'c'));
            values = graph.node("Sub", "centred", List.of(values, mean));
        }
        String divisor = graph.constant("scale_divisor", Nd4j.scalar(255f));
        return graph.node("Div", INPUT, List.of(values, divisor));
    }

    /** The metadata_props: the sidecar's fields, compact JSON where they are not plain strings. */
    private static Map<String, String> metadata(Sidecar sidecar) {
        com.fasterxml.jackson.databind.ObjectWriter json = Json.MAPPER.writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        try {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("input", sidecar.input());
            props.put("input_values", sidecar.inputValues());
            props.put("class_names", json.writeValueAsString(sidecar.classNames()));
            props.put("input_contract", json.writeValueAsString(sidecar.contract()));
            if (sidecar.meanValues() != null) {
                props.put("mean_values", json.writeValueAsString(sidecar.meanValues()));
            }
            props.put("model_weights_sha256", sidecar.modelWeightsSha256());
            return props;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
