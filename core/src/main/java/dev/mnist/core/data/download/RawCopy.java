package dev.mnist.core.data.download;

import dev.mnist.core.MnistException;
import dev.mnist.core.io.AtomicFiles;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The gunzipped copy of a downloaded file, beside its {@code .gz}, with the MD5 it had when it was
 * written kept in a hidden file beside it: a raw copy that was truncated or changed afterwards no
 * longer matches it, and is written again from the {@code .gz}.
 */
final class RawCopy {
    private RawCopy() {
    }

    /** {@code .train-images-idx3-ubyte.md5} for {@code train-images-idx3-ubyte}. */
    static Path checksumOf(Path raw) {
        return raw.resolveSibling("." + raw.getFileName() + ".md5");
    }

    /** True when the raw copy is there and is what was written. */
    static boolean matches(Path raw) {
        Path checksum = checksumOf(raw);
        try {
            return Files.isRegularFile(raw) && Files.isRegularFile(checksum)
                    && Files.readString(checksum).strip().equals(Downloader.md5(raw));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** True when {@code raw} holds exactly the bytes of {@code gz} gunzipped (the user's own gunzip of it, say). */
    static boolean isGunzipped(Path gz, Path raw) {
        try (InputStream expected = new GzipCompressorInputStream(Files.newInputStream(gz));
             InputStream actual = Files.newInputStream(raw)) {
            byte[] a = new byte[1 << 16];
            byte[] b = new byte[1 << 16];
            int n;
            do {
                n = expected.readNBytes(a, 0, a.length);
                if (actual.readNBytes(b, 0, b.length) != n || !Arrays.equals(a, 0, n, b, 0, n)) {
                    return false;
                }
            } while (n > 0);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void gunzip(Path gz, Path raw) {
        try {
            AtomicFiles.write(raw, temporary -> {
                try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(gz))) {
                    Files.copy(in, temporary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            });
            AtomicFiles.writeString(checksumOf(raw), Downloader.md5(raw) + "\n");
        } catch (UncheckedIOException e) {
            // The .gz passed its checksum: what failed is writing here (a full disk, say).
            throw new MnistException(raw + ": cannot gunzip " + gz.getFileName() + " (" + e.getCause().getMessage() + ")", e);
        }
    }
}
