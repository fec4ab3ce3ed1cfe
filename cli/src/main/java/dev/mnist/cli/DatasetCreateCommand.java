package dev.mnist.cli;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.store.DatasetCreator;
import dev.mnist.core.data.store.StoreListener;
import dev.mnist.core.data.store.StoreManifest;
import dev.mnist.core.data.store.StoreOptions;
import dev.mnist.core.data.store.StoreSplit;
import dev.mnist.core.data.store.StoreStoppedException;
import dev.mnist.core.image.PreparationChoice;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputContract.Resize;
import dev.mnist.core.model.InputShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make a data set store from class folders or DIGITS text lists: every image decoded, resized and "
                + "prepared once (on all cores), split into train, val and test per class, with labels.txt, counts and "
                + "the training images' mean.",
        footer = {"", "Resize modes, as DIGITS defines them:",
                "  squash     stretch to the size, whatever the aspect ratio",
                "  crop       fit the short side, keeping the aspect ratio; cut the centre out",
                "  fill       fit the long side, keeping the aspect ratio; fill with random noise",
                "  half-crop  half-way: crop half of the excess, fill the other half with noise",
                "",
                "Class folders: DIR/<class>/ with PNG, JPEG, BMP or GIF files at any depth under each. A list: @FILE with "
                        + "'<path> <label number>' per line, paths relative to the list, class names from labels.txt "
                        + "beside it. Unreadable images are skipped and listed in skipped.txt; more than --max-skipped "
                        + "percent of them is an error. The store appears only when complete; Ctrl-C leaves none."})
final class DatasetCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR|@LIST", description = "The images: class folders or a list.")
    String data;

    @Option(names = "--val-data", paramLabel = "DIR|@LIST", description = "Validation images of their own (instead of --val-percent).")
    String valData;

    @Option(names = "--test-data", paramLabel = "DIR|@LIST", description = "Test images of their own (instead of --test-percent).")
    String testData;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The store to write (a new or empty folder).")
    Path out;

    @Option(names = "--image-size", defaultValue = "28", paramLabel = "N|WxH", converter = SizeConverter.class,
            description = "Size to resize every image to: N for NxN, or WxH (default: ${DEFAULT-VALUE}).")
    Size size;

    @Option(names = "--channels", defaultValue = "1", paramLabel = "1|3", description = "1 (gray) or 3 (RGB) (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--resize", defaultValue = "squash", paramLabel = "MODE", converter = ResizeConverter.class,
            description = "squash, crop, fill or half-crop (default: ${DEFAULT-VALUE}; see below).")
    Resize resize;

    @Option(names = "--prepare", defaultValue = "auto", paramLabel = "auto|digit|plain",
            description = "digit (MNIST-style preparation), plain (only resized), or auto: digit when the images already "
                    + "look digit-prepared, as train decides it (default: ${DEFAULT-VALUE}).")
    PreparationChoice prepare;

    @Option(names = "--val-percent", defaultValue = "" + StoreOptions.DEFAULT_VAL_PERCENT, paramLabel = "P",
            description = "Percent of each class for validation (default: ${DEFAULT-VALUE}).")
    double valPercent;

    @Option(names = "--test-percent", defaultValue = "" + StoreOptions.DEFAULT_TEST_PERCENT, paramLabel = "P",
            description = "Percent of each class for testing (default: ${DEFAULT-VALUE}).")
    double testPercent;

    @Option(names = "--min-per-class", defaultValue = "" + StoreOptions.DEFAULT_MIN_PER_CLASS, paramLabel = "N",
            description = "Leave out classes with fewer images (default: ${DEFAULT-VALUE}).")
    int minPerClass;

    @Option(names = "--max-per-class", defaultValue = "0", paramLabel = "N",
            description = "Use at most N images of a class, a seeded pick; 0 all (default: ${DEFAULT-VALUE}).")
    int maxPerClass;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of the splits and the fill noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-skipped", defaultValue = "" + StoreOptions.DEFAULT_MAX_SKIPPED_PERCENT, paramLabel = "P",
            description = "Fail when more than P percent of the images are unreadable (default: ${DEFAULT-VALUE}).")
    double maxSkipped;

    @Option(names = "--force", description = "Replace an existing store at --out.")
    boolean force;

    @Option(names = "--json", description = "Print the store's dataset.json instead of a summary line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        StoreOptions options = options();
        Terminal terminal = Terminal.of(spec);
        DatasetCreator creator = new DatasetCreator(new Progress(terminal));
        StopOnSignal onSignal = new StopOnSignal("mnist-stop-dataset", creator::requestStop, 30);
        StoreManifest manifest;
        try {
            manifest = creator.create(options);
        } catch (StoreStoppedException e) {
            return StopOnSignal.stopped(spec, e);
        } finally {
            onSignal.finished();
        }
        if (manifest.skipped() > 0) {
            terminal.info("skipped %d unreadable images: see %s", manifest.skipped(), out.resolve("skipped.txt"));
        }
        if (json) {
            terminal.out().println(Json.MAPPER.writeValueAsString(manifest));
        } else {
            terminal.out().printf(Locale.ROOT, "store: %s  %s  classes: %d  train: %d  val: %d  test: %d  skipped: %d%n", out,
                    manifest.shape(), manifest.classNames().size(), manifest.count(StoreSplit.TRAIN),
                    manifest.count(StoreSplit.VAL), manifest.count(StoreSplit.TEST), manifest.skipped());
        }
        terminal.out().flush();
        return ExitCode.OK;
    }

    private StoreOptions options() {
        try {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("--channels must be 1 or 3");
            }
            picocli.CommandLine.ParseResult given = spec.commandLine().getParseResult();
            if (valData != null && given.hasMatchedOption("--val-percent") || testData != null && given.hasMatchedOption("--test-percent")) {
                throw new IllegalArgumentException("--val-data replaces --val-percent and --test-data --test-percent; give one of each pair");
            }
            return new StoreOptions(data, valData, testData, out, new InputShape(channels, size.height(), size.width()), resize,
                    prepare.preparation(), valPercent, testPercent, minPerClass, maxPerClass, seed, maxSkipped, force);
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    record Size(int width, int height) {
    }

    /** {@code N} or {@code WxH}, each side 1 to the largest input side. */
    static final class SizeConverter implements ITypeConverter<Size> {
        @Override
        public Size convert(String value) {
            String[] parts = value.toLowerCase(Locale.ROOT).split("x", -1);
            if (parts.length > 2 || !List.of(parts).stream().allMatch(p -> p.matches("\\d{1,5}"))) {
                throw new TypeConversionException("must be N or WxH, not '" + value + "'");
            }
            int width = Integer.parseInt(parts[0]);
            int height = parts.length == 2 ? Integer.parseInt(parts[1]) : width;
            int max = dev.mnist.core.Limits.MAX_INPUT_SIDE;
            if (width < 1 || height < 1 || width > max || height > max) {
                throw new TypeConversionException("sides must be 1 to " + max + ", not '" + value + "'");
            }
            return new Size(width, height);
        }
    }

    static final class ResizeConverter implements ITypeConverter<Resize> {
        @Override
        public Resize convert(String value) {
            try {
                return Resize.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    private static final class Progress implements StoreListener {
        private final Terminal terminal;
        private final Map<StoreSplit, ProgressBar> bars = new EnumMap<>(StoreSplit.class);

        Progress(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public void planned(int images, int classes, List<String> leftOut) {
            terminal.info("%d images of %d classes", images, classes);
            if (!leftOut.isEmpty()) {
                terminal.info("left out, under --min-per-class: %s", String.join(", ", leftOut));
            }
        }

        @Override
        public void started(StoreSplit split, int total) {
            if (total > 0) {
                bars.put(split, terminal.progress(split.id(), total, ProgressBar.Unit.IMAGES));
            }
        }

        @Override
        public void progress(StoreSplit split, int done, int total) {
            bars.get(split).update(done);
        }

        @Override
        public void finished(StoreSplit split, int written, int skipped) {
            ProgressBar bar = bars.get(split);
            if (bar != null) {
                bar.finish(String.format(Locale.ROOT, "%d images in %.1f s%s", written, bar.elapsedSeconds(),
                        skipped > 0 ? ", " + skipped + " skipped" : ""));
            }
        }
    }
}
