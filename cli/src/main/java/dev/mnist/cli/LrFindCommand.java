package dev.mnist.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnist.cli.mixin.TrainingOptions;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.Png;
import dev.mnist.core.io.Json;
import dev.mnist.core.train.LearningRateFinder;
import dev.mnist.core.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Find a learning rate, as fast.ai's lr_find does: train from the initial weights with the rate "
                + "rising geometrically, batch by batch, until the loss diverges; plot the loss against the rate and "
                + "suggest one.",
        footer = {"", "The suggestion is the rate where the smoothed loss (fast.ai's moving average, beta 0.98) falls "
                + "fastest against the logarithm of the rate, before its lowest point; the lowest point's rate / 10 "
                + "is printed too. Nothing is saved but the picture: no run folder, no model. Use the rate with "
                + "'mnist train --lr'."})
final class LrFindCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions options;

    @Option(names = "--start-lr", defaultValue = "" + LearningRateFinder.DEFAULT_START, paramLabel = "LR",
            description = "The first batch's rate (default: ${DEFAULT-VALUE}).")
    double start;

    @Option(names = "--end-lr", defaultValue = "" + LearningRateFinder.DEFAULT_END, paramLabel = "LR",
            description = "The last batch's rate (default: ${DEFAULT-VALUE}).")
    double end;

    @Option(names = "--batches", defaultValue = "" + LearningRateFinder.DEFAULT_BATCHES, paramLabel = "N",
            description = "Batches from the first rate to the last, 10 to 100000 (default: ${DEFAULT-VALUE}).")
    int batches;

    @Option(names = "--out", defaultValue = "lr-find.png", paramLabel = "FILE",
            description = "The picture: smoothed loss against the rate (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--force", description = "Replace --out even when it is not a PNG picture.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON document, with every batch's rate and loss.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        TrainConfig config;
        try {
            config = options.builder().build();
            if (!(start > 0 && Double.isFinite(start))) {
                throw new IllegalArgumentException("--start-lr must be a number above 0, not " + start);
            }
            if (!(end > start && Double.isFinite(end))) {
                throw new IllegalArgumentException("--end-lr must be a number above --start-lr (" + start + "), not " + end);
            }
            if (batches < 10 || batches > 100_000) {
                throw new IllegalArgumentException("--batches must be 10 to 100000, not " + batches);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // Checked before the batches run, not after.
        Png.replaceable(out, force);
        AtomicFiles.outputFolder(out.toAbsolutePath().getParent());
        Terminal terminal = Terminal.of(spec);
        ProgressBar bar = terminal.progress("lr-find", batches, ProgressBar.Unit.ITEMS);
        LearningRateFinder.Result result = new LearningRateFinder(bar::update).find(config, start, end, batches);
        bar.finish(result.points().size() + " batches: " + result.stopped());
        LearningRateFinder.plot(result, out);
        PrintWriter stdout = terminal.out();
        if (json) {
            ObjectNode document = Json.MAPPER.valueToTree(result);
            document.put("picture", out.toString());
            stdout.println(Json.MAPPER.writeValueAsString(document));
        } else {
            stdout.printf(Locale.ROOT, "suggested learning rate: %.3g (%s)%n", result.suggested(), result.how());
            stdout.printf(Locale.ROOT, "lowest loss's rate / 10: %.3g%n", result.minimumTenth());
            stdout.printf("picture: %s%n", out);
        }
        stdout.flush();
        return ExitCode.OK;
    }
}
