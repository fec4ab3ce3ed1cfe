package dev.mnist.core.data.convert;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.MnistException;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.Existing;
import dev.mnist.core.io.FolderLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Turns an IDX folder into PNG class folders ({@code <split>/<label>/<name>.png}) with
 * {@code labels.txt} and DIGITS' {@code train.txt}/{@code test.txt} lists. Each split is written
 * into a hidden temporary folder and renamed when complete, so an output is either whole or absent.
 */
public final class PngConverter {
    private static final int CHUNK = 512;

    public record Options(Layout layout, boolean invert, boolean force) {
    }

    private final ConvertListener listener;

    private volatile boolean stopRequested;

    public PngConverter(ConvertListener listener) {
        this.listener = listener;
    }

    /** Asks a running conversion to stop between chunks; it then throws {@link ConvertStoppedException}. */
    public void requestStop() {
        stopRequested = true;
    }

    public void convert(IdxFolder source, Path out, Options options) {
        if (!Files.exists(source.dir())) {
            throw new InvalidInputException(source.dir() + ": no such folder; run 'mnist download' first");
        }
        Existing.folder(source.dir(), "folder");
        List<String> classNames = source.classNames();
        Map<Split, String> sources = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            sources.put(split, ConversionRecord.source(source, classNames, split, options));
        }
        boolean created = !Files.exists(out);
        AtomicFiles.outputFolder(out);
        try (FolderLock lock = FolderLock.acquire(out, "another mnist convert is writing here; wait for it")) {
            convertLocked(source, classNames, out, options, sources);
        } catch (RuntimeException e) {
            if (created) {
                FolderLock.removeIfOnlyTheLock(out);
            }
            throw e;
        }
    }

    private void convertLocked(IdxFolder source, List<String> classNames, Path out, Options options, Map<Split, String> sources) {
        ConversionRecord record = ConversionRecord.read(out);
        Layout layout = options.layout();
        List<Split> toWrite = new ArrayList<>();
        for (Split split : Split.values()) {
            ConversionRecord.Entry wanted = new ConversionRecord.Entry(layout.folder(split), sources.get(split));
            if (!options.force() && wanted.equals(record.splits().get(split)) && isComplete(out, split, layout)) {
                listener.finished(split, countLines(out.resolve(layout.listFile(split))), false);
            } else {
                toWrite.add(split);
            }
        }
        Path classNamesFile = out.resolve(IdxFolder.CLASS_NAMES_FILE);
        boolean writeClassNames = !toWrite.isEmpty() || !Files.exists(classNamesFile);
        if (!options.force()) {
            for (Split split : toWrite) {
                record.requireOwned(out, layout.folder(split));
                record.requireOwned(out, layout.listFile(split));
            }
            if (writeClassNames) {
                record.requireOwned(out, IdxFolder.CLASS_NAMES_FILE);
            }
        }
        // Every split is read, and so checked, before anything is written: a bad test split leaves no train/.
        Map<Split, LabelledImages> loaded = new EnumMap<>(Split.class);
        for (Split split : toWrite) {
            loaded.put(split, source.load(split));
        }
        for (Split split : toWrite) {
            LabelledImages images = loaded.remove(split);
            String folder = layout.folder(split);
            ConversionRecord.Entry earlier = record.splits().put(split, new ConversionRecord.Entry(folder, null));
            record.written().add(folder);
            record.written().add(layout.listFile(split));
            record.write(out);
            writeSplit(images, out, split, options, classNames.size());
            // The other layout's folder stays in the record until it is gone, so that a later run may still remove it.
            if (earlier != null && !earlier.folder().equals(folder) && delete(out.resolve(earlier.folder()))) {
                record.written().remove(earlier.folder());
            }
            record.splits().put(split, new ConversionRecord.Entry(folder, sources.get(split)));
            record.write(out);
        }
        if (writeClassNames) {
            record.written().add(IdxFolder.CLASS_NAMES_FILE);
            record.write(out);
            AtomicFiles.writeString(classNamesFile, String.join("\n", classNames) + "\n");
        }
    }

    /** A split is complete when its folder and its list file are both in place (the list is written last). */
    public static boolean isComplete(Path out, Split split, Layout layout) {
        return Files.isDirectory(out.resolve(layout.folder(split))) && Files.isRegularFile(out.resolve(layout.listFile(split)));
    }

    private void writeSplit(LabelledImages images, Path out, Split split, Options options, int classCount) {
        Layout layout = options.layout();
        String folder = layout.folder(split);
        Path target = out.resolve(folder);
        Path temporary = temporaryFolder(out, folder);
        try {
            deleteTree(temporary);
            for (int label = 0; label < classCount; label++) {
                Files.createDirectories(temporary.resolve(Integer.toString(label)));
            }
            listener.started(split, images.count());
            writeImages(images, temporary, split, options);
            deleteTree(out.resolve(layout.listFile(split)));
            deleteTree(target);
            AtomicFiles.move(temporary, target);
        } catch (IOException e) {
            throw new MnistException(out + ": cannot write " + folder + " (" + e.getMessage() + ")", e);
        } catch (UncheckedIOException e) {
            throw new MnistException(out + ": cannot write " + folder + " (" + e.getCause().getMessage() + ")", e);
        } finally {
            delete(temporary);
        }
        StringBuilder list = new StringBuilder(images.count() * 24);
        for (int i = 0; i < images.count(); i++) {
            list.append(relativePath(layout, split, images.label(i), i)).append(' ').append(images.label(i)).append('\n');
        }
        AtomicFiles.writeString(out.resolve(layout.listFile(split)), list.toString());
        listener.finished(split, images.count(), true);
    }

    /** The hidden folder a split is written into before it is renamed into place. */
    private static Path temporaryFolder(Path out, String folder) {
        return out.resolve("." + folder + ".tmp");
    }

    /** True when {@code tree} is gone; a hidden leftover is removed by the next run, an old layout's folder by a later one. */
    private static boolean delete(Path tree) {
        try {
            deleteTree(tree);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes the PNGs on all cores. A stop or a failure ends every chunk at its next image, and only
     * once all have ended is it thrown, so that no chunk still writes while the folder is removed.
     */
    private void writeImages(LabelledImages images, Path dir, Split split, Options options) {
        int total = images.count();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<IOException> failure = new AtomicReference<>();
        ThreadLocal<GrayPngEncoder> encoders = ThreadLocal.withInitial(GrayPngEncoder::new);
        IntStream.range(0, (total + CHUNK - 1) / CHUNK).parallel().forEach(chunk -> {
            GrayPngEncoder encoder = encoders.get();
            int end = Math.min(total, (chunk + 1) * CHUNK);
            for (int i = chunk * CHUNK; i < end; i++) {
                if (stopRequested || failure.get() != null) {
                    return;
                }
                byte[] png = encoder.encode(images.pixels(), i * images.imageSize(), images.cols(), images.rows(), options.invert());
                Path file = dir.resolve(Integer.toString(images.label(i))).resolve(options.layout().fileName(i));
                try {
                    Files.write(file, png);
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                    return;
                }
            }
            listener.progress(split, done.addAndGet(end - chunk * CHUNK), total);
        });
        if (failure.get() != null) {
            throw new UncheckedIOException(failure.get());
        }
        if (stopRequested) {
            throw new ConvertStoppedException("stopped; " + split.name().toLowerCase(Locale.ROOT)
                    + " was not converted and any earlier copy of it is as it was");
        }
    }

    public static String relativePath(Layout layout, Split split, int label, int index) {
        return layout.folder(split) + "/" + label + "/" + layout.fileName(index);
    }

    private static int countLines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return (int) lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
