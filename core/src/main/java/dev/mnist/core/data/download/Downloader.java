package dev.mnist.core.data.download;

import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.io.AtomicFiles;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

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

    public Downloader(Duration timeout, DownloadListener listener) {
        this.fetcher = new Fetcher(timeout);
        this.listener = listener;
    }

    /** @param mirrors base URLs, each ending in '/', tried in order */
    public void download(DatasetSpec dataset, List<URI> mirrors, Path dir, boolean force) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DownloadException(dir + ": cannot create folder (" + e.getMessage() + ")");
        }
        List<String> failures = new ArrayList<>();
        for (RemoteFile file : dataset.files()) {
            Path gz = dir.resolve(file.name());
            Path raw = dir.resolve(file.rawName());
            boolean valid = !force && isValid(gz, file);
            try {
                if (!valid) {
                    fetchFromMirrors(file, mirrors, gz);
                }
                if (!valid || !Files.isRegularFile(raw)) {
                    gunzip(gz, raw);
                }
                listener.finished(file, !valid);
            } catch (DownloadException e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new DownloadException(String.join("\n", failures));
        }
        AtomicFiles.writeString(dir.resolve(IdxFolder.CLASS_NAMES_FILE), String.join("\n", dataset.classNames()) + "\n");
    }

    private void fetchFromMirrors(RemoteFile file, List<URI> mirrors, Path gz) {
        Path part = gz.resolveSibling(file.name() + ".part");
        List<String> failures = new ArrayList<>();
        for (URI mirror : mirrors) {
            URI source = mirror.resolve(file.name());
            String reason = fetchFrom(source, file, part);
            if (reason == null) {
                try {
                    AtomicFiles.move(part, gz);
                    return;
                } catch (IOException e) {
                    throw new DownloadException(gz + ": cannot write (" + e.getMessage() + ")");
                }
            }
            listener.mirrorFailed(file, source, reason);
            failures.add("  " + source + ": " + reason);
        }
        throw new DownloadException("could not download " + file.name() + " from any mirror:\n" + String.join("\n", failures));
    }

    /** @return null when {@code part} now holds the whole valid file, else why not */
    private String fetchFrom(URI source, RemoteFile file, Path part) {
        String reason = null;
        for (int attempt = 1; attempt <= ATTEMPTS_PER_MIRROR; attempt++) {
            long before = sizeOf(part);
            listener.started(file, source, before);
            try {
                fetcher.fetch(source, part, file.size(), bytes -> listener.progress(file, bytes));
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

    private static void gunzip(Path gz, Path raw) {
        try {
            AtomicFiles.write(raw, temporary -> {
                try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(gz))) {
                    Files.copy(in, temporary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            });
        } catch (UncheckedIOException e) {
            throw new DownloadException(raw + ": cannot gunzip " + gz.getFileName() + " (" + e.getCause().getMessage() + ")");
        }
    }
}
