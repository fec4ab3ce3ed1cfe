package dev.mnist.core.board;

import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.data.load.Dataset;
import dev.mnist.core.data.store.DatasetStore;
import dev.mnist.core.data.store.StoreManifest;
import dev.mnist.core.data.store.StoreSplit;
import dev.mnist.core.image.Pictures;
import dev.mnist.core.io.Png;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.report.StoreSamples;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data sets the runs used and those named with {@code --data}, each known by an id made from
 * its path. What one holds (counts per split and class, the mean image, a grid of samples: what
 * {@code dataset show} computes) is read on first asking, in memory only, and kept.
 */
final class DatasetCatalog {
    static final int SAMPLES_PER_CLASS = 8;

    private final Map<String, Path> paths = new ConcurrentHashMap<>();
    private final Map<String, InputContract> contracts = new ConcurrentHashMap<>();
    private final Map<String, View> views = new ConcurrentHashMap<>();

    /** A data set's contents as the board shows them, or {@code error} when it cannot be read. */
    record View(String id, String path, String format, String shape, List<String> classNames, Map<String, int[]> splits,
                byte[] mean, byte[] samples, String error) {
    }

    DatasetCatalog(List<Path> given) {
        given.forEach(path -> idOf(path));
    }

    /** The id of a data set's path, which is listed from then on. */
    String idOf(Path source) {
        Path path = source.toAbsolutePath().normalize();
        String id = id(path);
        paths.putIfAbsent(id, path);
        return id;
    }

    /** A run's input contract tells how its images are brought to shape, for data sets that are not stores. */
    void usedWith(String id, InputContract contract) {
        if (contract != null) {
            contracts.putIfAbsent(id, contract);
        }
    }

    Map<String, Path> all() {
        return Map.copyOf(paths);
    }

    /** What kind of data set a folder is, from its files alone: {@code store}, {@code idx} or {@code folder}. */
    static String formatOf(Path path) {
        if (DatasetStore.isOne(path)) {
            return "store";
        }
        return new IdxFolder(path).has(Split.TRAIN) || new IdxFolder(path).has(Split.TEST) ? "idx" : "folder";
    }

    Optional<View> view(String id) {
        Path path = paths.get(id);
        return path == null ? Optional.empty() : Optional.of(views.computeIfAbsent(id, key -> read(key, path)));
    }

    private View read(String id, Path path) {
        try {
            if (!Files.isDirectory(path)) {
                return failed(id, path, "no such folder");
            }
            return DatasetStore.isOne(path) ? store(id, DatasetStore.open(path)) : loaded(id, path);
        } catch (RuntimeException | OutOfMemoryError e) {
            return failed(id, path, BoardRun.oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static View failed(String id, Path path, String why) {
        return new View(id, path.toString(), null, null, List.of(), Map.of(), null, null, why);
    }

    private static View store(String id, DatasetStore store) throws RuntimeException {
        StoreManifest manifest = store.manifest();
        Map<String, int[]> splits = new LinkedHashMap<>();
        for (StoreSplit split : StoreSplit.values()) {
            StoreManifest.SplitCounts counts = manifest.splits().get(split.id());
            if (counts != null && manifest.count(split) > 0) {
                splits.put(split.id(), counts.perClass());
            }
        }
        byte[] mean = readQuietly(store.dir().resolve(DatasetStore.MEAN_PNG));
        byte[] samples = manifest.count(StoreSplit.TRAIN) > 0
                ? Png.bytes(StoreSamples.grid(store, StoreSplit.TRAIN, SAMPLES_PER_CLASS)) : null;
        return new View(id, store.dir().toString(), "store", manifest.shape().toString(), manifest.classNames(), splits, mean,
                samples, null);
    }

    /** IDX files or class folders, loaded as the first run that used them loaded them (28x28 grey when none did). */
    private View loaded(String id, Path path) {
        InputContract contract = contracts.get(id);
        InputShape shape = contract != null ? contract.preparedShape() : new InputShape(1, 28, 28);
        Dataset train = Dataset.load(path, Split.TRAIN, shape, contract == null ? null : contract.preparation());
        Map<String, int[]> splits = new LinkedHashMap<>();
        splits.put("train", perClass(train.images(), train.classNames().size()));
        try {
            Dataset test = Dataset.load(path, Split.TEST, shape, train.preparation());
            // Plain class folders are one set whatever the split: no test split of their own.
            if (train.format().equals("idx") || !test.source().equals(train.source())) {
                splits.put("test", perClass(test.images(), test.classNames().size()));
            }
        } catch (RuntimeException e) {
            // no test split
        }
        ImageSet images = train.images();
        return new View(id, path.toString(), train.format(), images.channels() + "x" + images.rows() + "x" + images.cols(),
                train.classNames(), splits, Png.bytes(mean(images)),
                Png.bytes(StoreSamples.grid(images, train.classNames(), SAMPLES_PER_CLASS)), null);
    }

    private static int[] perClass(ImageSet images, int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < images.count(); i++) {
            counts[images.label(i)]++;
        }
        return counts;
    }

    private static java.awt.image.BufferedImage mean(ImageSet images) {
        int size = images.channels() * images.rows() * images.cols();
        long[] sums = new long[size];
        byte[] pixels = new byte[size];
        for (int i = 0; i < images.count(); i++) {
            images.copy(i, pixels, 0);
            for (int p = 0; p < size; p++) {
                sums[p] += pixels[p] & 0xff;
            }
        }
        byte[] mean = new byte[size];
        for (int p = 0; p < size; p++) {
            mean[p] = (byte) Math.round(sums[p] / (double) Math.max(1, images.count()));
        }
        return Pictures.fromPixels(mean, 0, images.channels(), images.rows(), images.cols());
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String id(Path path) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(path.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
