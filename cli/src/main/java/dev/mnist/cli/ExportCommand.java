package dev.mnist.cli;

import dev.mnist.cli.mixin.ModelOption;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.export.OnnxCheck;
import dev.mnist.core.export.OnnxExporter;
import dev.mnist.core.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a trained model as an ONNX file (opset 13) that ONNX Runtime, OpenCV, TensorRT or a browser can run, "
                + "with a sidecar JSON that says how to prepare an image for it.",
        footer = {"", "The input is NCHW floats of any batch size: 'input', the prepared image's pixels (less the mean) / 255, "
                + "or with --include-scaling 'pixels', the prepared image's 0-255 values. The outputs are 'logits' and "
                + "'probabilities'. The input contract and class names are in the file's metadata_props and in FILE.json.",
                "", "--check runs the file in ONNX Runtime on test images and compares its probabilities with this toolkit's: "
                + "exit code 9 when any differs by more than 1e-4 or any image's top class differs."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "onnx (the only one; default).")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "The file to write (default: beside the model zip, model.onnx).")
    Path out;

    @Option(names = "--include-scaling", description = "Put the mean subtraction and the division by 255 in the graph: "
            + "its input is then the prepared image's 0-255 pixels.")
    boolean includeScaling;

    @Option(names = "--check", description = "Then compare ONNX Runtime's answers with the toolkit's on test images.")
    boolean check;

    @Option(names = "--check-data", paramLabel = "DIR",
            description = "Labelled images whose test split --check uses (default: the model's run's data, else data/mnist).")
    Path checkData;

    @Option(names = "--check-images", defaultValue = "" + OnnxCheck.DEFAULT_IMAGES, paramLabel = "N",
            description = "How many of them (default: ${DEFAULT-VALUE}).")
    int checkImages;

    @Option(names = "--force", description = "Replace an existing file at --out (or its sidecar) that is not an earlier export.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON document: the export and the check.")
    boolean json;

    private record Document(OnnxExporter.Export export, OnnxCheck.Result check) {
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("onnx")) {
            throw new ParameterException(spec.commandLine(), "--format must be onnx, not '" + format + "'");
        }
        if (checkImages < 1) {
            throw new ParameterException(spec.commandLine(), "--check-images must be at least 1");
        }
        if (!check && spec.commandLine().getParseResult().hasMatchedOption("--check-images")) {
            throw new ParameterException(spec.commandLine(), "--check-images needs --check");
        }
        if (!check && checkData != null) {
            throw new ParameterException(spec.commandLine(), "--check-data needs --check");
        }
        Terminal terminal = Terminal.of(spec);
        Path target = out != null ? out : OnnxExporter.defaultTarget(model.path());
        if (!check) {
            print(terminal, OnnxExporter.export(model.path(), target, includeScaling, force), null);
            return ExitCode.OK;
        }
        OnnxExporter.checkTarget(model.path(), target, force);
        Path data = checkData != null ? checkData : OnnxCheck.defaultData(model.path(), Path.of("data", "mnist"));
        if (checkData == null && !Files.isDirectory(data)) {
            throw new InvalidInputException(data + ": no such folder (the check's default images); name labelled images with --check-data DIR");
        }
        try (OnnxCheck onnxCheck = OnnxCheck.prepare(model.path(), data, checkImages)) {
            OnnxExporter.Export export = OnnxExporter.export(model.path(), target, includeScaling, force);
            ProgressBar bar = terminal.progress("check", onnxCheck.images(), ProgressBar.Unit.IMAGES);
            OnnxCheck.Result result = onnxCheck.run(export.file(), bar::update);
            bar.finish(String.format(Locale.ROOT, "%d images in %.1f s", result.images(), bar.elapsedSeconds()));
            print(terminal, export, result);
            return result.passed() ? ExitCode.OK : ExitCode.EXPORT_MISMATCH;
        }
    }

    private void print(Terminal terminal, OnnxExporter.Export export, OnnxCheck.Result result) throws Exception {
        if (json) {
            terminal.out().println(Json.MAPPER.writeValueAsString(new Document(export, result)));
        } else {
            terminal.out().printf(Locale.ROOT, "onnx: %s (%s, opset %d, input '%s' %s, %,d bytes; sidecar %s)%n", export.file(),
                    export.architecture(), export.opset(), export.input(), Arrays.toString(export.inputShape()), export.bytes(),
                    export.sidecar());
            if (result != null) {
                terminal.out().printf(Locale.ROOT, "check: %s on %d images of %s: largest difference %.2e (at most %.0e), "
                                + "top class differs on %d%n", result.passed() ? "passed" : "FAILED", result.images(), result.data(),
                        result.largestDifference(), result.tolerance(), result.topClassDifferences());
            }
        }
        terminal.out().flush();
    }
}
