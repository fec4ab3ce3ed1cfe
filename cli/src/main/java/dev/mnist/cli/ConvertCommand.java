package dev.mnist.cli;

import dev.mnist.core.data.Split;
import dev.mnist.core.data.convert.ConvertListener;
import dev.mnist.core.data.convert.ConvertStoppedException;
import dev.mnist.core.data.convert.Layout;
import dev.mnist.core.data.convert.PngConverter;
import dev.mnist.core.data.idx.IdxFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Write an IDX data set as PNG class folders with DIGITS' labels.txt, train.txt and test.txt.",
        footer = {"", "Layouts: digits writes train/<label>/00042.png and test/...; mnist-png writes "
                + "training/<label>/42.png and testing/.... An earlier output of the same files with the same options is kept; "
                + "one of other files or options is converted again. Folders mnist convert did not write are never replaced "
                + "unless --force."})
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "data/mnist", paramLabel = "DIR",
            description = "IDX folder to read, as 'mnist download' writes it (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder to write (default: <data>/png).")
    Path out;

    @Option(names = "--layout", defaultValue = "digits", paramLabel = "LAYOUT", converter = LayoutConverter.class,
            description = "digits or mnist-png (default: ${DEFAULT-VALUE}).")
    Layout layout;

    @Option(names = "--invert", description = "Write black digits on white, as DIGITS does.")
    boolean invert;

    @Option(names = "--force", description = "Convert again even when a complete output exists, and replace "
            + "train/, test/ (or training/, testing/) and their lists where mnist convert did not write them.")
    boolean force;

    @Override
    public Integer call() {
        Path target = out != null ? out : data.resolve("png");
        Terminal terminal = Terminal.of(spec);
        PngConverter converter = new PngConverter(new Progress(terminal));
        StopOnSignal onSignal = new StopOnSignal("mnist-stop-convert", converter::requestStop, 30);
        try {
            converter.convert(new IdxFolder(data), target, new PngConverter.Options(layout, invert, force));
        } catch (ConvertStoppedException e) {
            return StopOnSignal.stopped(spec, e);
        } finally {
            onSignal.finished();
        }
        terminal.out().println("converted " + data + " to " + target);
        terminal.out().flush();
        return ExitCode.OK;
    }

    static final class LayoutConverter implements picocli.CommandLine.ITypeConverter<Layout> {
        @Override
        public Layout convert(String value) {
            try {
                return Layout.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("must be digits or mnist-png, not '" + value + "'");
            }
        }
    }

    private static final class Progress implements ConvertListener {
        private final Terminal terminal;
        private final Map<Split, ProgressBar> bars = new EnumMap<>(Split.class);

        Progress(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public void started(Split split, int total) {
            bars.put(split, terminal.progress(split.name().toLowerCase(Locale.ROOT), total, ProgressBar.Unit.IMAGES));
        }

        @Override
        public void progress(Split split, int done, int total) {
            bars.get(split).update(done);
        }

        @Override
        public void finished(Split split, int total, boolean converted) {
            String name = split.name().toLowerCase(Locale.ROOT);
            if (converted) {
                ProgressBar bar = bars.get(split);
                bar.finish(String.format(Locale.ROOT, "%d images in %.1f s", total, bar.elapsedSeconds()));
            } else {
                terminal.info("%s: %d images already converted (--force to redo)", name, total);
            }
        }
    }
}
