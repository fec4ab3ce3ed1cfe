package dev.mnist.cli;

import dev.mnist.cli.mixin.ModelOption;
import dev.mnist.cli.mixin.PreparationOption;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.Limits;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.Classifier;
import dev.mnist.core.infer.ClassifySummary;
import dev.mnist.core.infer.InputList;
import dev.mnist.core.infer.Predictor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Classify images with a trained model and print the top classes of each.",
        footer = {"", "INPUT is an image file (PNG, JPEG, BMP, GIF; any size, colour or transparency), a folder (every "
                + "image under it), or @LIST: a text file of 'path [label]' lines, as DIGITS' classify-many and "
                + "convert's train.txt/test.txt are; with labels, the accuracy is reported too.",
                "",
                "Images are prepared as the model's input contract says (set at training time, see 'mnist train "
                + "--help'): digit models get MNIST's preparation (gray, inverted when the background is light, cropped "
                + "to the digit, fitted in 20x20, centred by mass in 28x28), others are only resized. A blank image is "
                + "reported, not guessed. --prepare overrides the model's choice.",
                "",
                "Images stream through in batches, so memory stays flat for any number of them. An unreadable image "
                + "is reported on stderr and skipped; the exit code is then 5 (3 when none could be read)."})
final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Image files, folders, or @LIST files.")
    List<String> inputs;

    @Mixin
    ModelOption model;

    @Option(names = "--top", defaultValue = "3", paramLabel = "N", description = "Classes to show per image (default: ${DEFAULT-VALUE}).")
    int top;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "Print one JSON document.")
        boolean json;

        @Option(names = "--csv", description = "Print CSV: path,label,status,class_1,probability_1,...")
        boolean csv;
    }

    @Mixin
    PreparationOption prepare;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
            description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() {
        if (top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be at least 1");
        }
        if (batchSize < 1 || batchSize > Limits.MAX_BATCH_SIZE) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be 1 to " + Limits.MAX_BATCH_SIZE);
        }
        Terminal terminal = Terminal.of(spec);
        PrintWriter err = spec.commandLine().getErr();
        Predictor predictor = Predictor.load(model.path());
        List<String> classNames = predictor.metadata().classNames();
        int inputSize = predictor.metadata().inputShape().size();
        if ((long) batchSize * inputSize > Limits.MAX_BATCH_VALUES) {
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                    "--batch-size %d of %s images is over %,d input values; at most %d for this model", batchSize,
                    predictor.metadata().inputShape(), Limits.MAX_BATCH_VALUES, Limits.MAX_BATCH_VALUES / inputSize));
        }
        ImagePreparation preprocessing = prepare.preparationFor(predictor);
        ClassificationPrinter printer = printer(terminal.out(), predictor, preprocessing);
        ProgressBar bar = terminal.progress("classify", 0, ProgressBar.Unit.IMAGES);
        long[] seen = {0};
        ClassifySummary summary;
        try (InputList list = new InputList(inputs, classNames)) {
            printer.start();
            summary = new Classifier(predictor, preprocessing, top, batchSize).classify(list, result -> {
                if (result.status() == Classification.Status.FAILED) {
                    err.println("mnist: skipped " + Printable.of(result.error()));
                    err.flush();
                }
                printer.print(result);
                bar.update(++seen[0]);
            });
        }
        if (summary.total() == 0) {
            throw new InvalidInputException("no images found in " + String.join(" ", inputs));
        }
        printer.finish(summary);
        bar.finish(summaryLine(summary, bar.elapsedSeconds()));
        if (summary.failed() == 0) {
            return ExitCode.OK;
        }
        return summary.failed() == summary.total() ? ExitCode.BAD_INPUT : ExitCode.SOME_INPUTS_FAILED;
    }

    private ClassificationPrinter printer(PrintWriter out, Predictor predictor, ImagePreparation preprocessing) {
        List<String> classNames = predictor.metadata().classNames();
        if (format.json) {
            return new JsonPrinter(out, predictor.file().toString(), preprocessing.name(), classNames);
        }
        return format.csv ? new CsvPrinter(out, classNames, top) : new TextPrinter(out, classNames);
    }

    private static String summaryLine(ClassifySummary s, double seconds) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d images in %.1f s (%.0f img/s): %d classified",
                s.total(), seconds, s.total() / Math.max(seconds, 1e-9), s.classified()));
        if (s.blank() > 0) {
            line.append(", ").append(s.blank()).append(" blank");
        }
        if (s.failed() > 0) {
            line.append(", ").append(s.failed()).append(" skipped as unreadable");
        }
        if (s.labelled() > 0) {
            line.append(String.format(Locale.ROOT, "; accuracy %.4f on %d labelled", s.accuracy(), s.labelled()));
        }
        return line.toString();
    }
}
