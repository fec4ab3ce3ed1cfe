package dev.mnist.cli;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.ArchitectureSummary;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the networks 'mnist train --model' knows: their layers, output shapes, parameters and forward "
                + "FLOPs per image.",
        footer = {"", "Each is described for the input it was designed for (or --channels/--image-size) and 10 classes "
                + "(or --classes). FLOPs count a multiply-add as two, in convolutions and dense layers."})
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--channels", paramLabel = "C", description = "Input channels: 1 (gray) or 3 (RGB).")
    Integer channels;

    @Option(names = "--image-size", paramLabel = "N", description = "Input height and width.")
    Integer imageSize;

    @Option(names = "--classes", defaultValue = "10", paramLabel = "K", description = "Classes (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (channels != null && channels != 1 && channels != 3) {
            throw new ParameterException(spec.commandLine(), "--channels must be 1 or 3");
        }
        List<ArchitectureSummary> summaries = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (Architecture architecture : Architectures.all()) {
            InputShape design = architecture.designInput();
            InputShape input = new InputShape(channels != null ? channels : design.channels(),
                    imageSize != null ? imageSize : design.height(), imageSize != null ? imageSize : design.width());
            try {
                summaries.add(ArchitectureSummary.of(architecture, input, classes));
            } catch (InvalidInputException e) {
                refused.add(new Refusal(architecture.name(), e.getMessage()));
            }
        }
        if (summaries.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no network takes that input: " + refused.get(0).reason());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(new Document(summaries, refused)));
        } else {
            summaries.forEach(summary -> print(summary, out));
            refused.forEach(refusal -> out.printf("%s: does not take this input: %s%n%n", refusal.name(), refusal.reason()));
        }
        out.flush();
        return ExitCode.OK;
    }

    /** The {@code --json} document, in a fixed key order. */
    record Document(List<ArchitectureSummary> models, List<Refusal> refused) {
    }

    /** A network that cannot take the input asked about, and why. */
    record Refusal(String name, String reason) {
    }

    private static void print(ArchitectureSummary s, PrintWriter out) {
        out.printf(Locale.ROOT, "%s: %s%n", s.name(), s.description());
        out.printf(Locale.ROOT, "  input %s (at least %dx%d), %d classes: %,d parameters, %s FLOPs per image%n",
                s.input(), s.minimumSide(), s.minimumSide(), s.classes(), s.parameters(), flops(s.flops()));
        TextTable table = new TextTable("layer", "kind", "output", "params", "FLOPs");
        for (Network.LayerSummary layer : s.layers()) {
            table.add(layer.name(), layer.kind(), layer.output(), String.format(Locale.ROOT, "%,d", layer.parameters()),
                    layer.flops() == 0 ? "" : flops(layer.flops()));
        }
        table.print(out, "  ");
        out.println();
    }

    private static String flops(long flops) {
        if (flops >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f G", flops / 1e9);
        }
        return flops >= 1_000_000 ? String.format(Locale.ROOT, "%.2f M", flops / 1e6) : String.format(Locale.ROOT, "%.1f k", flops / 1e3);
    }
}
