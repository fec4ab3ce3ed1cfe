package dev.mnist.core.data.download;

import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.MnistException;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.FolderLock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Brings a data set's files into a folder: for each file, the mirrors are tried in order until
 * one delivers bytes of the published size and MD5; the file is then gunzipped beside itself.
 * Valid files already there are kept; a {@code .part} left by an interrupted transfer is resumed.
 * Every file is tried before the files no mirror could deliver are reported together.
 */
public final class Downloader {
    /** Attempts per mirror; each retry resumes where the last stopped, and only after progress. */
    private static final int ATTEMPTS_PER_MIRROR = 3;

    private final Fetcher fetcher;
    private final DownloadListener listener;

    /** How long one file may take from one mirror unless told otherwise. */
    public static final Duration DEFAULT_MAX_TIME = Duration.ofMinutes(10);
    /** Which data set a folder holds, so that it never holds files of two. */
    static final String MARKER = ".dataset";

    public Downloader(Duration timeout, DownloadListener listener) {
        this(timeout, DEFAULT_MAX_TIME, listener);
    }

    /**
     * @param timeout how long a mirror may stay silent
     * @param maxTime how long one file may take from one mirror in all
     */
    public Downloader(Duration timeout, Duration maxTime, DownloadListener listener) {
        this.fetcher = new Fetcher(timeout, maxTime);
        this.listener = listener;
    }

    /** @param mirrors base URLs, each ending in '/', tried in order */
    public void download(DatasetSpec dataset, List<URI> mirrors, Path dir, boolean force) {
        boolean created = !Files.exists(dir);
        AtomicFiles.outputFolder(dir);
        try (FolderLock lock = FolderLock.acquire(dir, "another mnist download is writing here; wait for it")) {
            claimFor(dataset, dir, force);
            downloadHeld(dataset, mirrors, dir, force);
        } catch (RuntimeException e) {
            if (created) {
                FolderLock.removeIfOnlyTheLock(dir);
            }
            throw e;
        }
    }

    private void downloadHeld(DatasetSpec dataset, List<URI> mirrors, Path dir, boolean force) {
        List<String> failures = new ArrayList<>();
        for (RemoteFile file : dataset.files()) {
            Path gz = dir.resolve(file.name());
            Path raw = dir.resolve(file.rawName());
            boolean valid = !force && isValid(gz, file);
            try {
                if (!valid) {
                    fetchFromMirrors(file, mirrors, gz);
                }
                if (!Files.isRegularFile(dir.resolve(MARKER))) {
                    AtomicFiles.writeString(dir.resolve(MARKER), dataset.name() + "\n");
                }
                if (!valid || !RawCopy.matches(raw)) {
                    RawCopy.gunzip(gz, raw);
                }
                listener.finished(file, !valid);
            } catch (DownloadException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new DownloadException(String.join("\n", failures));
        }
        AtomicFiles.writeString(dir.resolve(IdxFolder.CLASS_NAMES_FILE), classNamesText(dataset));
    }

    /**
     * Makes {@code dir} ready to hold {@code dataset}, whose marker is written with its first file.
     * A folder that holds another data set (by its marker, or by files of another's published sizes)
     * is refused; with {@code force} the other's files are deleted first, so that the folder never
     * holds a mix of two.
     */
    private static void claimFor(DatasetSpec dataset, Path dir, boolean force) {
        List<String> notOurs = force ? List.of() : notWrittenByDownload(dataset, dir);
        if (!notOurs.isEmpty()) {
            throw new InvalidInputException(dir + ": holds " + String.join(", ", notOurs) + " that mnist download did not write;"
                    + " move them away, use another --dir, or add --force to replace them");
        }
        String held = heldDataset(dir);
        if (held != null && !held.equals(dataset.name())) {
            if (!force) {
                throw new InvalidInputException(dir + ": holds the " + held + " data set; download " + dataset.name()
                        + " into another --dir, or add --force to replace it");
            }
            // Every IDX data set uses the same four file names.
            for (RemoteFile file : dataset.files()) {
                for (Path path : List.of(dir.resolve(file.name()), dir.resolve(file.rawName()), partOf(dir.resolve(file.name())),
                        originOf(partOf(dir.resolve(file.name()))), RawCopy.checksumOf(dir.resolve(file.rawName())))) {
                    AtomicFiles.deleteQuietly(path);
                }
            }
            AtomicFiles.deleteQuietly(dir.resolve(IdxFolder.CLASS_NAMES_FILE));
            AtomicFiles.deleteQuietly(dir.resolve(MARKER));
        }
    }

    /**
     * The files of the data set's names in a folder download has never written into (it has no marker)
     * that differ from what download would write there: the user's own, never replaced unasked.
     */
    private static List<String> notWrittenByDownload(DatasetSpec dataset, Path dir) {
        List<String> names = new ArrayList<>();
        if (Files.exists(dir.resolve(MARKER))) {
            return names;
        }
        for (RemoteFile file : dataset.files()) {
            Path gz = dir.resolve(file.name());
            Path raw = dir.resolve(file.rawName());
            boolean validGz = Files.exists(gz) && isValid(gz, file);
            if (Files.exists(gz) && !validGz) {
                names.add(file.name());
            }
            if (Files.exists(raw) && !RawCopy.matches(raw) && !(validGz && RawCopy.isGunzipped(gz, raw))) {
                names.add(file.rawName());
            }
        }
        Path classNames = dir.resolve(IdxFolder.CLASS_NAMES_FILE);
        try {
            if (Files.exists(classNames) && !Files.readString(classNames).equals(classNamesText(dataset))) {
                names.add(IdxFolder.CLASS_NAMES_FILE);
            }
        } catch (IOException e) {
            names.add(IdxFolder.CLASS_NAMES_FILE);
        }
        return names;
    }

    private static String classNamesText(DatasetSpec dataset) {
        return String.join("\n", dataset.classNames()) + "\n";
    }

    /** The data set a folder holds: its marker's, or one whose images file is there at its published size; or null. */
    static String heldDataset(Path dir) {
        Path marker = dir.resolve(MARKER);
        try {
            if (Files.isRegularFile(marker)) {
                return Files.readString(marker).strip();
            }
        } catch (IOException e) {
            throw new InvalidInputException(marker + ": cannot read (" + e.getMessage() + ")", e);
        }
        for (String name : Datasets.names()) {
            RemoteFile images = Datasets.byName(name).files().get(0);
            if (sizeOf(dir.resolve(images.name())) == images.size()) {
                return name;
            }
        }
        return null;
    }

    private static Path partOf(Path gz) {
        return gz.resolveSibling(gz.getFileName() + ".part");
    }

    /** Beside a partial file: the address its bytes came from; only a transfer from there may continue it. */
    private static Path originOf(Path part) {
        return part.resolveSibling(part.getFileName() + ".from");
    }

    private void fetchFromMirrors(RemoteFile file, List<URI> mirrors, Path gz) {
        Path part = partOf(gz);
        Path origin = originOf(part);
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI source = mirror.resolve(file.name());
            if (Files.exists(part) && !source.toString().equals(readQuietly(origin))) {
                AtomicFiles.deleteQuietly(part);
            }
            AtomicFiles.writeString(origin, source.toString());
            String reason = fetchFrom(source, file, part);
            if (reason == null) {
                try {
                    AtomicFiles.move(part, gz);
                    AtomicFiles.deleteQuietly(origin);
                    return;
                } catch (IOException e) {
                    throw new MnistException(gz + ": cannot write (" + e.getMessage() + ")", e);
                }
            }
            // A failed mirror's bytes are never handed to the next one.
            AtomicFiles.deleteQuietly(part);
            AtomicFiles.deleteQuietly(origin);
            listener.mirrorFailed(file, source, reason);
            failures.add("  " + source + ": " + reason);
        }
        throw new DownloadException("could not download " + file.name() + " from any mirror:\n" + String.join("\n", failures));
    }

    /** @return null when {@code part} now holds the whole valid file, else why not */
    private String fetchFrom(URI source, RemoteFile file, Path part) {
        String reason = null;
        long deadline = fetcher.deadlineFromNow();
        for (int attempt = 1; attempt <= ATTEMPTS_PER_MIRROR; attempt++) {
            long before = sizeOf(part);
            listener.started(file, source, before);
            try {
                fetcher.fetch(source, part, file.size(), deadline, bytes -> listener.progress(file, bytes));
            } catch (FetchFailedException e) {
                reason = e.getMessage();
                if (!e.resumable || sizeOf(part) <= before) {
                    return reason;
                }
                continue;
            } catch (IOException e) {
                return e.getMessage();
            }
            if (isValid(part, file)) {
                return null;
            }
            AtomicFiles.deleteQuietly(part);
            return "checksum mismatch (MD5 is not " + file.md5() + ")";
        }
        return reason;
    }

    private static boolean isValid(Path file, RemoteFile expected) {
        return Files.isRegularFile(file) && sizeOf(file) == expected.size() && md5(file).equals(expected.md5());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static String md5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
