package dev.mnist.core.data.convert;

import dev.mnist.core.MnistException;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.FolderLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

    public PngConverter(ConvertListener listener) {
        this.listener = listener;
    }

    public void convert(IdxFolder source, Path out, Options options) {
        AtomicFiles.outputFolder(out);
        try (FolderLock lock = FolderLock.acquire(out, "another mnist convert is writing here; wait for it")) {
            convertLocked(source, out, options);
        }
    }

    private void convertLocked(IdxFolder source, Path out, Options options) {
        List<String> classNames = source.classNames();
        for (Split split : Split.values()) {
            if (!options.force() && isComplete(out, split, options.layout())) {
                listener.finished(split, countLines(out.resolve(options.layout().listFile(split))), false);
                continue;
            }
            LabelledImages images = source.load(split);
            writeSplit(images, out, split, options, classNames.size());
        }
        AtomicFiles.writeString(out.resolve(IdxFolder.CLASS_NAMES_FILE), String.join("\n", classNames) + "\n");
    }

    /** A split is complete when its folder and its list file are both in place (the list is written last). */
    public static boolean isComplete(Path out, Split split, Layout layout) {
        return Files.isDirectory(out.resolve(layout.folder(split))) && Files.isRegularFile(out.resolve(layout.listFile(split)));
    }

    private void writeSplit(LabelledImages images, Path out, Split split, Options options, int classCount) {
        Layout layout = options.layout();
        String folder = layout.folder(split);
        Path target = out.resolve(folder);
        Path temporary = out.resolve("." + folder + ".tmp");
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
            try {
                deleteTree(temporary);
            } catch (IOException ignored) {
                // a hidden leftover is removed by the next run
            }
        }
        StringBuilder list = new StringBuilder(images.count() * 24);
        for (int i = 0; i < images.count(); i++) {
            list.append(relativePath(layout, split, images.label(i), i)).append(' ').append(images.label(i)).append('\n');
        }
        AtomicFiles.writeString(out.resolve(layout.listFile(split)), list.toString());
        listener.finished(split, images.count(), true);
    }

    private void writeImages(LabelledImages images, Path dir, Split split, Options options) {
        int total = images.count();
        AtomicInteger done = new AtomicInteger();
        ThreadLocal<GrayPngEncoder> encoders = ThreadLocal.withInitial(GrayPngEncoder::new);
        IntStream.range(0, (total + CHUNK - 1) / CHUNK).parallel().forEach(chunk -> {
            GrayPngEncoder encoder = encoders.get();
            int end = Math.min(total, (chunk + 1) * CHUNK);
            for (int i = chunk * CHUNK; i < end; i++) {
                byte[] png = encoder.encode(images.pixels(), i * images.imageSize(), images.cols(), images.rows(), options.invert());
                Path file = dir.resolve(Integer.toString(images.label(i))).resolve(options.layout().fileName(i));
                try {
                    Files.write(file, png);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            listener.progress(split, done.addAndGet(end - chunk * CHUNK), total);
        });
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
