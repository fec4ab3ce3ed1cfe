package dev.mnist.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnist.core.data.store.DatasetStore;
import dev.mnist.core.data.store.StoreManifest;
import dev.mnist.core.data.store.StoreSplit;
import dev.mnist.core.io.Json;
import dev.mnist.core.io.Png;
import dev.mnist.core.report.StoreSamples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Describe a data set store: image shape, resize and preparation, counts per split and class, the "
                + "mean image; with --samples, write a picture of the first images of each class.")
final class DatasetShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STORE", description = "A folder 'mnist dataset create' wrote.")
    Path dir;

    @Option(names = "--split", defaultValue = "train", paramLabel = "SPLIT",
            description = "train, val or test: the split to picture (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--per-class", defaultValue = "8", paramLabel = "N", description = "Images per class in the picture (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--samples", paramLabel = "FILE", description = "Write a picture of the first images of each class to FILE "
            + "(show itself writes nothing: it works on a read-only store).")
    Path samples;

    @Option(names = "--force", description = "Replace --samples' FILE even when it is not a PNG picture.")
    boolean force;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StoreSplit part = split();
        if (perClass < 1 || perClass > 64) {
            throw new ParameterException(spec.commandLine(), "--per-class must be 1 to 64");
        }
        if (!Files.isDirectory(dir) || !DatasetStore.isOne(dir)) {
            throw new dev.mnist.core.InvalidInputException(dir + ": not a data set store (no " + DatasetStore.MANIFEST
                    + "; make one with 'mnist dataset create')");
        }
        if (samples != null) {
            Png.replaceable(samples, force);
        }
        DatasetStore store = DatasetStore.open(dir);
        StoreManifest m = store.manifest();
        Path picture = null;
        if (samples != null && m.count(part) > 0) {
            picture = samples;
            Png.write(StoreSamples.grid(store, part, perClass), picture);
        }
        Path mean = dir.resolve(DatasetStore.MEAN_PNG);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode document = Json.MAPPER.valueToTree(m);
            document.put("store", dir.toString());
            document.put("meanImage", mean.toString());
            document.put("samples", picture == null ? null : picture.toString());
            out.println(Json.MAPPER.writeValueAsString(document));
        } else {
            print(m, out, mean, picture);
        }
        out.flush();
        return ExitCode.OK;
    }

    private StoreSplit split() {
        for (StoreSplit s : StoreSplit.values()) {
            if (s.id().equals(split)) {
                return s;
            }
        }
        throw new ParameterException(spec.commandLine(), "--split must be train, val or test, not '" + split + "'");
    }

    private void print(StoreManifest m, PrintWriter out, Path mean, Path picture) {
        out.printf("store:    %s (made %s by mnist %s)%n", dir, m.created(), m.mnist());
        out.printf("images:   %s, %s resize, %s preparation (%s)%n", m.shape(), m.resize().id(), m.preparation().id(),
                m.preparationReason());
        out.printf(Locale.ROOT, "splits:   seed %d, val %s%%, test %s%% per class%n", m.seed(), m.valPercent(), m.testPercent());
        out.println();
        int width = Math.max(5, m.classNames().stream().mapToInt(String::length).max().orElse(5));
        out.printf("%-" + width + "s %8s %8s %8s%n", "class", "train", "val", "test");
        for (int c = 0; c < m.classNames().size(); c++) {
            out.printf("%-" + width + "s %8d %8d %8d%n", Printable.of(m.classNames().get(c)), perClass(m, StoreSplit.TRAIN, c),
                    perClass(m, StoreSplit.VAL, c), perClass(m, StoreSplit.TEST, c));
        }
        out.printf("%-" + width + "s %8d %8d %8d%n", "total", m.count(StoreSplit.TRAIN), m.count(StoreSplit.VAL),
                m.count(StoreSplit.TEST));
        out.println();
        if (m.skipped() > 0) {
            out.printf("skipped:  %d unreadable images (%s)%n", m.skipped(), dir.resolve(DatasetStore.SKIPPED));
        }
        StringBuilder channels = new StringBuilder();
        for (double v : m.meanPerChannel()) {
            channels.append(String.format(Locale.ROOT, " %.1f", v));
        }
        out.printf("mean:     %s (per channel, 0-255:%s)%n", mean, channels);
        out.printf("samples:  %s%n", picture != null ? picture
                : samples == null ? "--samples FILE writes a picture of the first images of each class"
                : "none (the " + split + " split is empty)");
    }

    private static int perClass(StoreManifest m, StoreSplit split, int label) {
        StoreManifest.SplitCounts counts = m.splits().get(split.id());
        return counts == null || label >= counts.perClass().length ? 0 : counts.perClass()[label];
    }
}
