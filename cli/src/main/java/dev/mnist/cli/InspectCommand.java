package dev.mnist.cli;

import dev.mnist.cli.mixin.ModelOption;
import dev.mnist.cli.mixin.PreparationOption;
import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.report.Inspection;
import dev.mnist.core.report.Inspector;
import dev.mnist.core.report.LayerInspection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show what one image does inside a model, layer by layer, as pictures and statistics.",
        footer = {"", "Writes into --out: input.png (the image after preparation), NN-LAYER-activations.png for every layer "
                + "(a tile per channel), NN-LAYER-filters.png for convolutions (a row per output channel, a column per "
                + "input channel), and index.html with the top classes and a table of each layer's output shape, "
                + "parameter count and the mean, std, min and max of its weights and activations. "
                + "The same table is printed (or --json)."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "The image file to inspect.")
    Path image;

    @Mixin
    ModelOption model;

    @Option(names = "--out", defaultValue = "inspect", paramLabel = "DIR", description = "Where to write the pictures (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--force", description = "Replace files in --out's DIR that mnist did not write there.")
    boolean force;

    @Mixin
    PreparationOption prepare;

    @Option(names = "--json", description = "Print one JSON document instead of tables.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Terminal terminal = Terminal.of(spec);
        Predictor predictor = Predictor.load(model.path());
        Inspection inspection = Inspector.inspect(predictor, prepare.preparationFor(predictor), image, out, force);
        PrintWriter stdout = terminal.out();
        if (json) {
            stdout.println(Json.MAPPER.writeValueAsString(inspection));
        } else {
            print(inspection, stdout);
        }
        stdout.flush();
        terminal.info("pictures: %s", out.resolve(Inspector.INDEX));
        return ExitCode.OK;
    }

    private static void print(Inspection inspection, PrintWriter out) {
        StringBuilder top = new StringBuilder(Printable.of(inspection.image())).append(": ");
        if (inspection.blank()) {
            top.append("blank (nothing drawn on it)");
        }
        for (Classification.Guess g : inspection.top()) {
            top.append(String.format(Locale.ROOT, "%s (%.1f%%)  ", Printable.of(g.className()), 100 * g.probability()));
        }
        out.println(top.toString().strip());
        TextTable table = new TextTable("layer", "kind", "output", "params", "w_mean", "w_std", "w_min", "w_max",
                "a_mean", "a_std", "a_min", "a_max");
        for (LayerInspection l : inspection.layers()) {
            LayerInspection.Stats w = l.weights();
            LayerInspection.Stats a = l.activations();
            table.add(l.name(), l.kind(), l.shape().stream().map(String::valueOf).reduce((x, y) -> x + "x" + y).orElse(""), l.parameters(),
                    w == null ? "" : f(w.mean()), w == null ? "" : f(w.std()), w == null ? "" : f(w.min()), w == null ? "" : f(w.max()),
                    f(a.mean()), f(a.std()), f(a.min()), f(a.max()));
        }
        table.print(out, "");
    }

    private static String f(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
