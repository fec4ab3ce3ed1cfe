package dev.mnist.cli;

import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.TestHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownloadConvertCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpAndVersionWork() {
        CommandRun help = CommandRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("download") && help.out().contains("convert"), help.toString());
        CommandRun version = CommandRun.of("--version");
        assertTrue(version.out().startsWith("mnist "), version.toString());
        for (String command : new String[]{"download", "convert"}) {
            CommandRun commandHelp = CommandRun.of(command, "--help");
            assertEquals(0, commandHelp.exitCode());
            assertTrue(commandHelp.out().startsWith("Usage: mnist " + command), commandHelp.toString());
        }
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2() {
        CommandRun run = CommandRun.of("convert", "--no-such-flag");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("mnist: error: Unknown option: '--no-such-flag'\nTry 'mnist convert --help' for more information.\n", run.err());
        assertEquals(ExitCode.USAGE, CommandRun.of("convert", "--layout", "sideways").exitCode());
        assertEquals(ExitCode.USAGE, CommandRun.of("frobnicate").exitCode());
    }

    @Test
    void anUnknownDatasetIsAUsageError() {
        CommandRun run = CommandRun.of("download", "--dataset", "cifar", "--dir", dir.toString());
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("mnist: error: --dataset must be one of fashion-mnist, mnist, not 'cifar'\n"
                + "Try 'mnist download --help' for more information.\n", run.err());
    }

    @Test
    void whenAllMirrorsFailExitsWith4AndListsEach() throws IOException {
        try (TestHttpServer server = new TestHttpServer()) {
            server.route("/a/", exchange -> TestHttpServer.send(exchange, 404, new byte[0], "text/plain"));
            Path target = dir.resolve("data");
            CommandRun run = CommandRun.of("download", "--quiet", "--dir", target.toString(),
                    "--mirror", server.base("/a/").toString(), "--mirror", dir.resolve("empty-folder").toString());
            assertEquals(ExitCode.DOWNLOAD_FAILED, run.exitCode(), run.toString());
            assertTrue(run.err().startsWith("mnist: error: could not download train-images-idx3-ubyte.gz from any mirror:\n"), run.toString());
            assertTrue(run.err().contains("\n  " + server.base("/a/") + "train-images-idx3-ubyte.gz: HTTP 404\n"), run.toString());
            assertTrue(run.err().contains("\n  could not download t10k-labels-idx1-ubyte.gz from any mirror:\n"), run.toString());
            assertTrue(run.err().contains("empty-folder/train-images-idx3-ubyte.gz: no such file"), run.toString());
            assertFalse(run.err().contains("\tat "), "no stack trace");
            assertFalse(Files.exists(target.resolve("train-images-idx3-ubyte.gz")));
        }
    }

    /** A mirror that sends 2 bytes a second is left for the next one after --timeout, not after --max-time's 600 s. */
    @Test
    void aTricklingMirrorIsLeftForTheNextWithinHalfAMinute() throws IOException {
        byte[] labels = Fixtures.bytes(Fixtures.TEST_LABELS_GZ);
        try (TestHttpServer server = new TestHttpServer()) {
            server.route("/slow/", exchange -> {
                if (!exchange.getRequestURI().getPath().endsWith(Fixtures.TEST_LABELS_GZ)) {
                    TestHttpServer.send(exchange, 404, new byte[0], "text/plain");
                    return;
                }
                TestHttpServer.trickle(exchange, labels, 2, 1000);
            });
            Path mirror = dir.resolve("mirror");
            Fixtures.copy(Fixtures.TEST_LABELS_GZ, mirror, Fixtures.TEST_LABELS_GZ);
            Path data = dir.resolve("data");
            long start = System.nanoTime();
            CommandRun run = CommandRun.of("download", "--dir", data.toString(), "--timeout", "3",
                    "--mirror", server.base("/slow/").toString(), "--mirror", mirror.toUri().toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 30, seconds + " s\n" + run);
            assertTrue(run.err().contains("failed from " + server.base("/slow/") + Fixtures.TEST_LABELS_GZ
                    + ": slower than 1024 bytes/s for 3 s (--timeout)"), run.toString());
            assertTrue(Files.isRegularFile(data.resolve("t10k-labels-idx1-ubyte")), "the next mirror delivered it\n" + run);
        }
    }

    @Test
    void downloadsThenConvertsFromAFolderMirror() throws IOException {
        // The mnist entry's checksums hold for the three real files that are here; train images are
        // not, so this mirror delivers the three and the command reports the fourth.
        Path mirror = dir.resolve("mirror");
        Fixtures.copy(Fixtures.TEST_IMAGES_GZ, mirror, Fixtures.TEST_IMAGES_GZ);
        Fixtures.copy(Fixtures.TEST_LABELS_GZ, mirror, Fixtures.TEST_LABELS_GZ);
        Fixtures.copy(Fixtures.TRAIN_LABELS_GZ, mirror, Fixtures.TRAIN_LABELS_GZ);
        Path data = dir.resolve("data");
        CommandRun download = CommandRun.of("download", "--dir", data.toString(), "--mirror", mirror.toUri().toString());
        assertEquals(ExitCode.DOWNLOAD_FAILED, download.exitCode(), download.toString());
        assertEquals(1, download.err().lines().filter(line -> line.contains("could not download")).count(), download.toString());
        assertTrue(download.err().contains("could not download train-images-idx3-ubyte.gz from any mirror"), download.toString());
        for (String raw : new String[]{"train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            assertTrue(Files.isRegularFile(data.resolve(raw)), raw);
        }
        assertFalse(Files.exists(data.resolve("train-images-idx3-ubyte.gz")));

        data = Fixtures.idxFolder(dir.resolve("complete"));
        CommandRun convert = CommandRun.of("convert", "--data", data.toString());
        assertEquals(0, convert.exitCode(), convert.toString());
        assertEquals("converted " + data + " to " + data.resolve("png") + "\n", convert.out());
        assertTrue(convert.err().contains("test: 10000 images in"), convert.toString());
        assertTrue(Files.exists(data.resolve("png/test/7/00000.png")));

        CommandRun again = CommandRun.of("convert", "--data", data.toString());
        assertTrue(again.err().contains("test: 10000 images already converted (--force to redo)"), again.toString());
    }

    @Test
    void convertOfACorruptFileIsOneLineAndExit3() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.write(data.resolve("train-images-idx3-ubyte"), new byte[]{0, 0, 8, 1, 0, 0, 0, 1, 42});
        Files.write(data.resolve("train-labels-idx1-ubyte"), new byte[]{0, 0, 8, 1, 0, 0, 0, 1, 3});
        Files.copy(data.resolve("train-images-idx3-ubyte"), data.resolve("t10k-images-idx3-ubyte"));
        Files.copy(data.resolve("train-labels-idx1-ubyte"), data.resolve("t10k-labels-idx1-ubyte"));
        CommandRun run = CommandRun.of("convert", "--data", data.toString(), "--out", dir.resolve("png").toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.toString());
        assertEquals("mnist: error: train-images-idx3-ubyte: expected unsigned bytes of shape count x rows x cols, found UNSIGNED_BYTE[1]\n", run.err());
        assertFalse(Files.exists(dir.resolve("png/train")));
    }

    @Test
    void aMissingDataFolderNamesTheFix() throws IOException {
        CommandRun run = CommandRun.of("convert", "--data", dir.resolve("nowhere").toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode());
        assertEquals("mnist: error: " + dir.resolve("nowhere") + ": no such folder; run 'mnist download' first\n", run.err());
        assertFalse(Files.exists(dir.resolve("nowhere")), "no output folder is made for a missing source");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals(ExitCode.BAD_INPUT, CommandRun.of("convert", "--data", empty.toString()).exitCode());
        assertFalse(Files.exists(empty.resolve("png")), "nor for a folder without the IDX files");
    }
}
