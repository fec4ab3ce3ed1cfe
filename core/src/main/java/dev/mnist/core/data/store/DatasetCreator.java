package dev.mnist.core.data.store;

import dev.mnist.core.BuildInfo;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.MnistException;
import dev.mnist.core.data.MeanImage;
import dev.mnist.core.data.SkippedImages;
import dev.mnist.core.data.store.SourceImages.Entry;
import dev.mnist.core.image.AutoPreparation;
import dev.mnist.core.image.DigitPreparation;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.ImageResizer;
import dev.mnist.core.image.PlainPreparation;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.FolderLock;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputShape;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code mnist dataset create}: lists the sources, draws the splits, decodes and resizes every image
 * once on all cores, and writes the store (see {@link DatasetStore}) with its mean image. All of it
 * is written into a hidden folder beside the output and renamed into place when complete, so a
 * failure or a stop leaves no store, or the previous one, never half of one.
 */
public final class DatasetCreator {
    /** Images decoded at once: enough for every core, and at most {@link #CHUNK_BYTES} of pixels. */
    private static final int CHUNK = 512;
    private static final long CHUNK_BYTES = 32L << 20;

    private final StoreListener listener;
    private volatile boolean stopRequested;

    public DatasetCreator(StoreListener listener) {
        this.listener = listener;
    }

    /** Asks a running {@link #create} to stop after the images in hand; it then removes what it wrote. */
    public void requestStop() {
        stopRequested = true;
    }

    public StoreManifest create(StoreOptions options) {
        Path out = options.out().toAbsolutePath().normalize();
        checkOutput(out, options);
        AtomicFiles.outputFolder(out.getParent());
        try (FolderLock lock = FolderLock.beside(out, "another mnist dataset create is writing this store; wait for it")) {
            removeLeftovers(out);
            return createHeld(out, options);
        }
    }

    private StoreManifest createHeld(Path out, StoreOptions options) {
        checkSplitsAreOthers(options);
        SourceImages data = SourceImages.list(options.data(), null);
        if (!options.data().startsWith("@") && out.startsWith(Path.of(options.data()).toAbsolutePath().normalize())) {
            throw new InvalidInputException(out + ": --out must not be inside the data folder " + options.data());
        }
        SourceImages val = options.valData() == null ? null : SourceImages.list(options.valData(), data.classNames());
        SourceImages test = options.testData() == null ? null : SourceImages.list(options.testData(), data.classNames());
        SplitPlan plan = SplitPlan.of(data, val, test, options);
        listener.planned(plan.total(), plan.classNames().size(), plan.leftOut());
        AutoPreparation.Decision preparation = options.preparation() != null
                ? new AutoPreparation.Decision(options.preparation(), "given")
                : decide(plan.splits().get(StoreSplit.TRAIN), options);
        Path temporary = out.resolveSibling("." + out.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(temporary);
            Decoder decoder = decoder(options, preparation.preparation());
            Map<String, StoreManifest.SplitCounts> counts = new LinkedHashMap<>();
            List<String> skipped = new ArrayList<>();
            MeanImage mean = new MeanImage(options.shape());
            for (StoreSplit split : StoreSplit.values()) {
                List<Entry> entries = plan.splits().get(split);
                SplitWriter writer = new SplitWriter(temporary, split, options.shape(), plan.classNames().size(),
                        split == StoreSplit.TRAIN ? mean : null);
                write(split, entries, decoder, writer, skipped, options.seed());
                counts.put(split.id(), writer.finish());
            }
            checkSkipped(skipped, plan.total(), options);
            StoreManifest manifest = manifest(options, plan, preparation, counts, skipped.size(), mean);
            writeExtras(temporary, manifest, skipped, mean);
            Json.MAPPER.writeValue(temporary.resolve(DatasetStore.MANIFEST).toFile(), manifest);
            checkOutput(out, options);
            moveIntoPlace(temporary, out);
            return manifest;
        } catch (IOException e) {
            throw new MnistException(out + ": cannot write (" + e.getMessage() + ")", e);
        } catch (UncheckedIOException e) {
            throw new MnistException(out + ": cannot write (" + e.getCause().getMessage() + ")", e);
        } finally {
            deleteTree(temporary);
        }
    }

    private static void checkOutput(Path out, StoreOptions options) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException(out + ": exists and is not a folder");
        }
        if (Files.isDirectory(out) && !isEmpty(out) && !DatasetStore.isOne(out)) {
            throw new InvalidInputException(out + ": exists, is not empty and is no data set store; name another --out");
        }
        if (Files.isDirectory(out) && !options.force() && !isEmpty(out)) {
            throw new InvalidInputException(out + ": is a data set store already; --force replaces it");
        }
    }

    /** Validation or test images that are the training images themselves would make their scores meaningless. */
    private static void checkSplitsAreOthers(StoreOptions options) {
        for (String other : Arrays.asList(options.valData(), options.testData())) {
            if (other != null && sameSource(other, options.data())) {
                throw new InvalidInputException(other + ": is --data itself; validation and test images must be others"
                        + " (or leave them out, and --val-percent and --test-percent set some of --data aside)");
            }
        }
    }

    private static boolean sameSource(String a, String b) {
        Path first = Path.of(a.startsWith("@") ? a.substring(1) : a).toAbsolutePath().normalize();
        Path second = Path.of(b.startsWith("@") ? b.substring(1) : b).toAbsolutePath().normalize();
        try {
            return a.startsWith("@") == b.startsWith("@") && (first.equals(second) || Files.exists(first) && Files.isSameFile(first, second));
        } catch (IOException e) {
            return first.equals(second);
        }
    }

    /** Decodes one image into {@code target} at {@code offset}; throws {@link InvalidInputException} for a bad one. */
    @FunctionalInterface
    private interface Decoder {
        void decode(Entry entry, SplittableRandom noise, byte[] target, int offset);
    }

    private static Decoder decoder(StoreOptions options, Preparation preparation) {
        InputShape shape = options.shape();
        if (preparation == Preparation.DIGIT) {
            DigitPreparation digit = new DigitPreparation(shape);
            return (entry, noise, target, offset) ->
                    System.arraycopy(digit.prepare(ImageFiles.read(entry.file())).pixels(), 0, target, offset, shape.size());
        }
        ImageResizer resizer = new ImageResizer(options.resize(), shape);
        return (entry, noise, target, offset) -> resizer.resize(ImageFiles.read(entry.file()), noise, target, offset);
    }

    /** {@code --prepare auto}: decided from the training images, as training decides, each resized as the store will. */
    private static AutoPreparation.Decision decide(List<Entry> train, StoreOptions options) {
        return AutoPreparation.decide(options.shape(), train.stream().map(Entry::file).toList(),
                new PlainPreparation(options.shape(), options.resize()));
    }

    private void write(StoreSplit split, List<Entry> entries, Decoder decoder, SplitWriter writer, List<String> skipped,
                       long seed) throws IOException {
        int size = writer.imageSize();
        int chunk = (int) Math.max(1, Math.min(CHUNK, CHUNK_BYTES / size));
        byte[] buffer = new byte[chunk * size];
        String[] failures = new String[chunk];
        listener.started(split, entries.size());
        for (int start = 0; start < entries.size(); start += chunk) {
            if (stopRequested) {
                throw new StoreStoppedException("stopped; no store was written");
            }
            int first = start;
            int n = Math.min(chunk, entries.size() - start);
            IntStream.range(0, n).parallel().forEach(i -> {
                Entry entry = entries.get(first + i);
                try {
                    decoder.decode(entry, new SplittableRandom(noiseSeed(seed, split, first + i)), buffer, i * size);
                    failures[i] = null;
                } catch (InvalidInputException e) {
                    failures[i] = e.getMessage();
                } catch (RuntimeException e) {
                    failures[i] = entry.file() + ": unreadable image (" + e + ")";
                }
            });
            for (int i = 0; i < n; i++) {
                if (failures[i] == null) {
                    writer.add(entries.get(first + i), buffer, i * size);
                } else {
                    skipped.add(failures[i]);
                }
            }
            listener.progress(split, start + n, entries.size());
        }
        listener.finished(split, writer.written(), entries.size() - writer.written());
    }

    /** Fill bands' noise: a generator per image, from the seed, the split and the image's place in it. */
    private static long noiseSeed(long seed, StoreSplit split, int index) {
        return seed * 0x9E3779B97F4A7C15L + split.ordinal() * 0xBF58476D1CE4E5B9L + index;
    }

    private static void checkSkipped(List<String> skipped, int total, StoreOptions options) {
        SkippedImages.check(skipped, total, options.maxSkippedPercent(), "", "--max-skipped " + options.maxSkippedPercent() + "%", "");
    }

    private static StoreManifest manifest(StoreOptions options, SplitPlan plan, AutoPreparation.Decision preparation,
                                          Map<String, StoreManifest.SplitCounts> counts, int skipped, MeanImage mean) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(StoreSplit.TRAIN.id(), options.data());
        sources.put(StoreSplit.VAL.id(), options.valData() != null ? options.valData() : options.data());
        sources.put(StoreSplit.TEST.id(), options.testData() != null ? options.testData() : options.data());
        InputShape shape = options.shape();
        return new StoreManifest(StoreManifest.FORMAT, StoreManifest.VERSION, shape.channels(), shape.height(), shape.width(),
                options.resize(), preparation.preparation(), preparation.reason(), plan.classNames(), counts, options.seed(),
                options.valData() != null ? 0 : options.valPercent(), options.testData() != null ? 0 : options.testPercent(),
                sources, skipped, mean.perChannel(), Instant.now().toString(), BuildInfo.version());
    }

    private static void writeExtras(Path dir, StoreManifest manifest, List<String> skipped, MeanImage mean) throws IOException {
        Files.writeString(dir.resolve(DatasetStore.CLASS_NAMES), String.join("\n", manifest.classNames()) + "\n");
        if (!skipped.isEmpty()) {
            Files.writeString(dir.resolve(DatasetStore.SKIPPED), String.join("\n", skipped) + "\n");
        }
        mean.writePng(dir.resolve(DatasetStore.MEAN_PNG));
        mean.writeValues(dir.resolve(DatasetStore.MEAN_VALUES));
    }

    /** Hidden folders of a create of this store that was killed: none is running now, the lock says. */
    private static void removeLeftovers(Path out) {
        String prefix = "." + out.getFileName();
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            siblings.filter(path -> path.getFileName().toString().startsWith(prefix + ".tmp-")
                            || path.getFileName().toString().startsWith(prefix + ".old-"))
                    .filter(Files::isDirectory)
                    .forEach(DatasetCreator::deleteTree);
        } catch (IOException | UncheckedIOException e) {
            // left for the next create; they harm nothing
        }
    }

    /** Renames the finished store into place; an old store there (with --force) is set aside, then deleted. */
    private static void moveIntoPlace(Path temporary, Path out) throws IOException {
        Path old = null;
        if (Files.exists(out)) {
            old = out.resolveSibling("." + out.getFileName() + ".old-" + UUID.randomUUID().toString().substring(0, 8));
            Files.move(out, old);
        }
        AtomicFiles.move(temporary, out);
        deleteTree(old);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a hidden leftover beside the output harms nothing
        }
    }

    /**
     * Writes one split: the images file (its count filled in at the end, when the skipped are known),
     * the labels, and the list of source files; adds each image to the mean when given one.
     */
    private static final class SplitWriter {
        private final Path dir;
        private final StoreSplit split;
        private final InputShape shape;
        private final int[] perClass;
        private final MeanImage mean;
        private final OutputStream images;
        private final ByteArrayOutputStream labels = new ByteArrayOutputStream();
        private final StringBuilder list = new StringBuilder();
        private int written;

        SplitWriter(Path dir, StoreSplit split, InputShape shape, int classes, MeanImage mean) throws IOException {
            this.dir = dir;
            this.split = split;
            this.shape = shape;
            this.perClass = new int[classes];
            this.mean = mean;
            this.images = new BufferedOutputStream(Files.newOutputStream(dir.resolve(split.imagesFile())), 1 << 20);
            DataOutputStream header = new DataOutputStream(images);
            header.writeInt(DatasetStore.IMAGES_MAGIC);
            header.writeInt(0);
            header.writeInt(shape.channels());
            header.writeInt(shape.height());
            header.writeInt(shape.width());
        }

        int imageSize() {
            return shape.size();
        }

        int written() {
            return written;
        }

        void add(Entry entry, byte[] pixels, int offset) throws IOException {
            images.write(pixels, offset, shape.size());
            labels.write(entry.label());
            list.append(entry.file().toAbsolutePath()).append(' ').append(entry.label()).append('\n');
            perClass[entry.label()]++;
            if (mean != null) {
                mean.add(pixels, offset);
            }
            written++;
        }

        StoreManifest.SplitCounts finish() throws IOException {
            images.close();
            Path imagesFile = dir.resolve(split.imagesFile());
            if (written == 0) {
                Files.delete(imagesFile);
                return new StoreManifest.SplitCounts(0, perClass);
            }
            try (FileChannel channel = FileChannel.open(imagesFile, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.allocate(4).putInt(0, written), 4);
            }
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(split.labelsFile())))) {
                out.writeInt(0x0801);
                out.writeInt(written);
                labels.writeTo(out);
            }
            Files.writeString(dir.resolve(split.listFile()), list);
            return new StoreManifest.SplitCounts(written, perClass);
        }
    }
}
