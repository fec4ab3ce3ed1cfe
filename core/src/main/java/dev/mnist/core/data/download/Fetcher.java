package dev.mnist.core.data.download;

import dev.mnist.core.MnistException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Copies one file from a URL into a partial file, appending to what an earlier attempt left:
 * HTTP(S) with a Range request, {@code file:} URLs by reading from the offset.
 */
final class Fetcher {
    /** Below this rate over a whole --timeout, a mirror is given up for the next one. */
    static final int MIN_BYTES_PER_SECOND = 1024;
    private static final int MAX_REDIRECTS = 5;
    private static final int BUFFER = 1 << 16;

    private final Duration timeout;
    private final Duration maxTime;

    /**
     * @param timeout how long a connection may stay silent
     * @param maxTime how long one transfer may take in all, however steadily bytes trickle in
     */
    Fetcher(Duration timeout, Duration maxTime) {
        this.timeout = timeout;
        this.maxTime = maxTime;
    }

    /** The moment (as {@link System#nanoTime}) by which a transfer begun now, retries included, must end. */
    long deadlineFromNow() {
        return System.nanoTime() + maxTime.toNanos();
    }

    /**
     * Appends the remainder of {@code source} to {@code part}, which holds the first bytes already.
     * @param expectedSize the published size of the whole file
     * @param deadline when the whole transfer, retries included, must be done ({@link #deadlineFromNow})
     */
    void fetch(URI source, Path part, long expectedSize, long deadline, LongConsumer progress) throws IOException {
        if (System.nanoTime() > deadline) {
            throw new FetchFailedException("still not complete after " + maxTime.toSeconds() + " s (--max-time)", false);
        }
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (have > expectedSize) {
            Files.delete(part);
            have = 0;
        }
        switch (source.getScheme() == null ? "" : source.getScheme()) {
            case "http", "https" -> fetchHttp(source, part, have, expectedSize, deadline, progress);
            case "file" -> fetchFile(Path.of(source), part, have, expectedSize, deadline, progress);
            default -> throw new FetchFailedException("unsupported URL scheme '" + source.getScheme() + "'", false);
        }
    }

    private void fetchFile(Path source, Path part, long have, long expectedSize, long deadline, LongConsumer progress)
            throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            long actual = Files.size(source);
            if (actual != expectedSize) {
                throw new FetchFailedException("size " + actual + " bytes, expected " + expectedSize, false);
            }
            in.skipNBytes(have);
            copy(in, part, have, expectedSize, deadline, progress);
        } catch (NoSuchFileException e) {
            throw new FetchFailedException("no such file", false);
        }
    }

    private void fetchHttp(URI source, Path part, long have, long expectedSize, long deadline, LongConsumer progress)
            throws IOException {
        HttpURLConnection connection = null;
        try {
            connection = open(source, have);
            int status = connection.getResponseCode();
            long start;
            if (status == HttpURLConnection.HTTP_PARTIAL && have > 0) {
                checkContentRange(connection.getHeaderField("Content-Range"), have, expectedSize);
                start = have;
            } else if (status == HttpURLConnection.HTTP_OK) {
                start = 0;
            } else if (status == 416 && have > 0) {
                Files.delete(part);
                throw new FetchFailedException("server refused to resume (HTTP 416)", true);
            } else {
                throw new FetchFailedException("HTTP " + status, false);
            }
            String type = connection.getContentType();
            if (type != null && type.startsWith("text/html")) {
                throw new FetchFailedException("server sent an HTML page, not the file", false);
            }
            long length = connection.getContentLengthLong();
            if (length >= 0 && start + length != expectedSize) {
                throw new FetchFailedException("server announces " + (start + length) + " bytes, expected " + expectedSize, false);
            }
            try (InputStream in = connection.getInputStream()) {
                copy(in, part, start, expectedSize, deadline, progress);
            }
        } catch (SocketTimeoutException e) {
            throw new FetchFailedException("timed out after " + timeout.toSeconds() + " s without an answer", true);
        } catch (UnknownHostException e) {
            throw new FetchFailedException("unknown host " + e.getMessage(), false);
        } catch (FetchFailedException e) {
            throw e;
        } catch (IOException e) {
            // Resumable: the downloader retries only when bytes arrived before the failure.
            throw new FetchFailedException(describe(e), true);
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** Opens a connection, following redirects by hand so that a loop and http→https both work. */
    private HttpURLConnection open(URI source, long rangeStart) throws IOException {
        URI current = source;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection connection = (HttpURLConnection) current.toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestProperty("User-Agent", "mnist-toolkit");
            connection.setRequestProperty("Accept-Encoding", "identity");
            if (rangeStart > 0) {
                connection.setRequestProperty("Range", "bytes=" + rangeStart + "-");
            }
            int status = connection.getResponseCode();
            if (status < 300 || status >= 400 || status == 304) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
            connection.disconnect();
            if (location == null) {
                throw new FetchFailedException("HTTP " + status + " redirect without a Location", false);
            }
            current = redirectTarget(current, location);
        }
        throw new FetchFailedException("more than " + MAX_REDIRECTS + " redirects", false);
    }

    /** Where a redirect leads; only to another HTTP(S) address. */
    private static URI redirectTarget(URI from, String location) throws FetchFailedException {
        URI target;
        try {
            target = from.resolve(location.trim());
        } catch (IllegalArgumentException e) {
            throw new FetchFailedException("redirect to a malformed address '" + location + "'", false);
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null) {
            throw new FetchFailedException("redirect to '" + location + "', not an HTTP(S) address", false);
        }
        return target;
    }

    /** A resumed answer must continue exactly where the partial file ends, of the file of the expected size. */
    private static void checkContentRange(String contentRange, long have, long expectedSize) throws FetchFailedException {
        java.util.regex.Matcher range = contentRange == null ? null
                : java.util.regex.Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)").matcher(contentRange.trim());
        if (range == null || !range.matches()) {
            throw new FetchFailedException("resumed without a usable Content-Range (" + contentRange + ")", false);
        }
        long first = Long.parseLong(range.group(1));
        if (first != have || !range.group(3).equals("*") && Long.parseLong(range.group(3)) != expectedSize) {
            throw new FetchFailedException("resumed at " + contentRange + ", not at byte " + have + " of " + expectedSize, false);
        }
    }

    private void copy(InputStream in, Path part, long start, long expectedSize, long deadline, LongConsumer progress)
            throws IOException {
        StandardOpenOption mode = start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (OutputStream out = new LocalFile(part, Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode))) {
            byte[] buffer = new byte[BUFFER];
            long total = start;
            progress.accept(total);
            int n;
            long windowStart = System.nanoTime();
            long windowBytes = total;
            while ((n = in.read(buffer)) > 0) {
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new FetchFailedException("still not complete after " + maxTime.toSeconds() + " s (--max-time)", false);
                }
                if (now - windowStart >= timeout.toNanos()) {
                    // curl's --speed-limit: a mirror that trickles would hold the file for --max-time.
                    if ((total - windowBytes) * 1e9 / (now - windowStart) < MIN_BYTES_PER_SECOND) {
                        throw new FetchFailedException(String.format(Locale.ROOT, "slower than %d bytes/s for %d s (--timeout)",
                                MIN_BYTES_PER_SECOND, timeout.toSeconds()), false);
                    }
                    windowStart = now;
                    windowBytes = total;
                }
                if (total + n > expectedSize) {
                    throw new FetchFailedException("more bytes than the expected " + expectedSize, false);
                }
                out.write(buffer, 0, n);
                total += n;
                progress.accept(total);
            }
            if (total < expectedSize) {
                throw new FetchFailedException("connection closed after " + total + " of " + expectedSize + " bytes", true);
            }
        }
    }

    /**
     * The file a transfer writes: a failure to write it (a full disk) is this machine's, not the
     * mirror's, so it ends the download with an I/O error instead of trying the next mirror.
     */
    private static final class LocalFile extends OutputStream {
        private final Path path;
        private final OutputStream out;

        LocalFile(Path path, OutputStream out) {
            this.path = path;
            this.out = out;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw cannotWrite(e);
            }
        }

        private MnistException cannotWrite(IOException e) {
            return new MnistException(path + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
