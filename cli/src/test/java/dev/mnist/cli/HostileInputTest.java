package dev.mnist.cli;

import dev.mnist.core.io.FolderLock;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and mistaken inputs from docs/reliability.md, through the real command line: each is one
 * line on stderr with its exit code, never a Java stack trace, a crashed JVM or a frozen command.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    private static CommandRun assertOneLine(int exitCode, String messagePart, String... args) {
        CommandRun run = CommandRun.of(args);
        assertEquals(exitCode, run.exitCode(), run.toString());
        assertTrue(run.err().contains(messagePart), run.toString());
        assertFalse(run.err().contains("\tat "), "no stack trace\n" + run);
        assertTrue(run.err().lines().filter(line -> line.startsWith("mnist: error: ")).count() == 1, run.toString());
        return run;
    }

    @Test
    void sizesThatWouldExhaustMemoryAreRefusedFirst() throws IOException {
        // Two 3000x3000 images: 17 KB gzipped, 18 MB of pixels, a network of billions of parameters.
        Path idx = Files.createDirectories(dir.resolve("huge"));
        ByteBuffer header = ByteBuffer.allocate(16).putInt(0x803).putInt(2).putInt(3000).putInt(3000);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(idx.resolve("train-images-idx3-ubyte.gz")))) {
            out.write(header.array());
            out.write(new byte[2 * 3000 * 3000]);
        }
        Files.write(idx.resolve("train-labels-idx1-ubyte"), ByteBuffer.allocate(10).putInt(0x801).putInt(2).put((byte) 0).put((byte) 1).array());
        assertOneLine(ExitCode.BAD_INPUT, "images of 3000x3000 pixels; at most 1024 on a side are supported",
                "train", "--data", idx.toString(), "--runs", dir.resolve("runs").toString());

        Path model = withModelJson(dir.resolve("huge.zip"), json -> json.replace("\"height\" : 28", "\"height\" : 3000")
                .replace("\"width\" : 28", "\"width\" : 3000"));
        String limit = "an input of 3000x3000 pixels is over the limit of 1024 on a side";
        assertOneLine(ExitCode.BAD_INPUT, limit, "classify", "--model", model.toString(), "x.png");
        assertOneLine(ExitCode.BAD_INPUT, limit, "evaluate", "--model", model.toString(), "--data", TrainedModel.data().toString());
        assertOneLine(ExitCode.BAD_INPUT, limit, "serve", "--model", model.toString(), "--port", "0");
        try (var files = Files.list(Path.of("."))) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().startsWith("hs_err_pid")), "no JVM crash log");
        }
    }

    @Test
    void dataThatCannotTrainAClassifierIsAClearError() throws IOException {
        Path oneClass = dir.resolve("one-class");
        for (int i = 0; i < 4; i++) {
            Images.write(Images.digit(i), "png", oneClass.resolve("seven").resolve(i + ".png"));
        }
        assertOneLine(ExitCode.BAD_INPUT, "one class (seven); a classifier needs at least 2",
                "train", "--data", oneClass.toString(), "--runs", dir.resolve("runs").toString());
        Path small = Fixtures.smallIdxFolder(dir.resolve("small"), 100);
        assertOneLine(ExitCode.BAD_INPUT, "--val-split 0.9999 leaves none of its 100 images to train on",
                "train", "--data", small.toString(), "--val-split", "0.9999", "--runs", dir.resolve("runs").toString());
        assertOneLine(ExitCode.BAD_INPUT, "--val-split 0.1 of 4 images leaves none for validation; --val-split 0 trains without it",
                "train", "--data", small.toString(), "--limit", "4", "--runs", dir.resolve("runs").toString());
    }

    @Test
    void aRunsFolderThatIsAFileOrAListThatIsNotTextIsAClearError() throws IOException {
        Path small = Fixtures.smallIdxFolder(dir.resolve("small"), 100);
        Path file = Files.writeString(dir.resolve("runs-file"), "not a folder");
        assertOneLine(ExitCode.BAD_INPUT, "cannot create the run folder", "train", "-q", "--data", small.toString(),
                "--runs", file.toString());
        Path binary = Files.write(dir.resolve("list.txt"), new byte[]{(byte) 0xC3, (byte) 0x28, '\n'});
        assertOneLine(ExitCode.BAD_INPUT, "not a UTF-8 text file of image paths", "classify", "-q", "--model",
                TrainedModel.modelZip().toString(), "@" + binary);
    }

    @Test
    void aDivergedRunExits8AndLeavesNoModel() {
        Path small = Fixtures.smallIdxFolder(dir.resolve("small"), 300);
        Path runs = dir.resolve("runs");
        assertOneLine(ExitCode.DIVERGED, "training diverged in epoch 1", "train", "-q", "--data", small.toString(), "--lr", "1e30",
                "--optimizer", "sgd", "--runs", runs.toString(), "--run", "wild");
        assertFalse(Files.exists(runs.resolve("wild/model.zip")));
        assertFalse(Files.exists(runs.resolve("latest")), "latest moves only to a run with a model");
        assertOneLine(ExitCode.BAD_INPUT, runs.resolve("wild") + ": a run whose training diverged", "classify", "--model",
                runs.resolve("wild").toString(), "x.png");
    }

    @Test
    void outputFoldersThatAreFilesAreAClearError() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        assertOneLine(ExitCode.BAD_INPUT, file + ": exists and is not a folder", "evaluate", "-q", "--model",
                TrainedModel.modelZip().toString(), "--data", TrainedModel.data().toString(), "--report", file.toString());
        Path seven = Images.write(Images.digit(0), "png", dir.resolve("seven.png"));
        assertOneLine(ExitCode.BAD_INPUT, file + ": exists and is not a folder", "inspect", "--model",
                TrainedModel.modelZip().toString(), seven.toString(), "--out", file.toString());
    }

    /** A report or inspect folder of the user's keeps its own index.html and input.png unless --force. */
    @Test
    void pagesAndPicturesNeverReplaceTheUsersOwnFiles() throws IOException {
        String model = TrainedModel.modelZip().toString();
        Path report = Files.createDirectories(dir.resolve("report"));
        Files.writeString(report.resolve("index.html"), "my page");
        assertOneLine(ExitCode.BAD_INPUT, report.resolve("index.html") + ": exists and was not written by mnist", "evaluate", "-q",
                "--model", model, "--data", TrainedModel.data().toString(), "--report", report.toString());
        assertEquals("my page", Files.readString(report.resolve("index.html")));
        assertEquals(0, CommandRun.of("evaluate", "-q", "--model", model, "--data", TrainedModel.data().toString(), "--report",
                report.toString(), "--force").exitCode());
        assertTrue(Files.readString(report.resolve("index.html")).contains("Confusion matrix"));
        assertEquals(0, CommandRun.of("evaluate", "-q", "--model", model, "--data", TrainedModel.data().toString(), "--report",
                report.toString()).exitCode(), "its own report is replaced without --force");

        Path pictures = Files.createDirectories(dir.resolve("pictures"));
        Files.writeString(pictures.resolve("input.png"), "my picture");
        Path seven = Images.write(Images.digit(0), "png", dir.resolve("seven.png"));
        assertOneLine(ExitCode.BAD_INPUT, pictures.resolve("input.png") + ": exists and was not written by mnist", "inspect",
                "--model", model, seven.toString(), "--out", pictures.toString());
        assertEquals("my picture", Files.readString(pictures.resolve("input.png")));
        assertEquals(0, CommandRun.of("inspect", "-q", "--model", model, seven.toString(), "--out", pictures.toString(), "--force").exitCode());
    }

    @Test
    void downloadNeverReplacesFilesItDidNotWrite() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("labels.txt"), "zero\none\n");
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), new byte[]{0, 0, 8, 1, 0, 0, 0, 0});
        String mirror = dir.resolve("no-mirror").toUri().toString();
        assertOneLine(ExitCode.BAD_INPUT, data + ": holds t10k-labels-idx1-ubyte, labels.txt that mnist download did not write;",
                "download", "-q", "--dir", data.toString(), "--mirror", mirror);
        assertEquals("zero\none\n", Files.readString(data.resolve("labels.txt")));
        assertEquals(8, Files.size(data.resolve("t10k-labels-idx1-ubyte")));

        // The published files a user put there (and gunzipped) are download's own: nothing to refuse.
        Path mine = Fixtures.copy(Fixtures.TEST_LABELS_GZ, dir.resolve("mine"), Fixtures.TEST_LABELS_GZ);
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(mine))) {
            Files.copy(in, mine.resolveSibling("t10k-labels-idx1-ubyte"));
        }
        CommandRun ownCopies = CommandRun.of("download", "-q", "--dir", mine.getParent().toString(), "--mirror", mirror);
        assertEquals(ExitCode.DOWNLOAD_FAILED, ownCopies.exitCode(), ownCopies.toString());
        assertFalse(ownCopies.err().contains("did not write"), ownCopies.toString());
    }

    /** A disk that fills up while a file arrives is this machine's I/O error (exit 1), not a failed mirror (4). */
    @Test
    void aFullDiskDuringDownloadIsAnIoErrorNotAMirrorFailure() throws IOException {
        Path mirror = Fixtures.copy(Fixtures.TEST_LABELS_GZ, dir.resolve("mirror"), Fixtures.TEST_LABELS_GZ).getParent();
        Fixtures.copy(Fixtures.TEST_IMAGES_GZ, mirror, Fixtures.TEST_IMAGES_GZ);
        Fixtures.copy(Fixtures.TRAIN_LABELS_GZ, mirror, Fixtures.TRAIN_LABELS_GZ);
        Path data = Files.createDirectories(dir.resolve("data"));
        // The transfer resumes into its .part file, which is /dev/full: every write fails with ENOSPC.
        String source = mirror.toUri().resolve(Fixtures.TEST_LABELS_GZ).toString();
        Files.createSymbolicLink(data.resolve(Fixtures.TEST_LABELS_GZ + ".part"), Path.of("/dev/full"));
        Files.writeString(data.resolve(Fixtures.TEST_LABELS_GZ + ".part.from"), source);
        CommandRun run = assertOneLine(ExitCode.SOFTWARE, data.resolve(Fixtures.TEST_LABELS_GZ + ".part") + ": cannot write (",
                "download", "-q", "--dir", data.toString(), "--mirror", mirror.toUri().toString());
        assertTrue(run.err().contains("No space left on device"), run.toString());
        assertFalse(run.err().contains("unexpected"), run.toString());
    }

    @Test
    void aSecondWriterOfTheSameFolderIsRefusedWhileTheFirstWrites() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (FolderLock first = FolderLock.acquire(data, "held")) {
            assertOneLine(ExitCode.BAD_INPUT, data + ": another mnist download is writing here; wait for it",
                    "download", "-q", "--dir", data.toString(), "--mirror", dir.resolve("no-mirror").toUri().toString());
        }
        Path photos = Fixtures.colourClassFolders(dir.resolve("photos"), new int[]{0, 1}, 4, 20);
        Path store = dir.resolve("store");
        try (FolderLock first = FolderLock.beside(store, "held")) {
            assertOneLine(ExitCode.BAD_INPUT, store + ": another mnist dataset create is writing this store; wait for it",
                    "dataset", "create", "-q", "--data", photos.toString(), "--out", store.toString());
        }
        // A create that was killed left its hidden folder; the next create of the store removes it.
        Path leftover = Files.createDirectories(dir.resolve(".store.tmp-0badf00d/train"));
        CommandRun create = CommandRun.of("dataset", "create", "-q", "--data", photos.toString(), "--out", store.toString(),
                "--image-size", "20");
        assertEquals(0, create.exitCode(), create.toString());
        assertFalse(Files.exists(leftover.getParent()), "the stale temporary folder is gone");
        assertFalse(Files.exists(dir.resolve(".store.lock")), "the lock is removed with its holder");
        assertOneLine(ExitCode.BAD_INPUT, "is a data set store already; --force replaces it", "dataset", "create", "-q", "--data", photos.toString(),
                "--out", store.toString(), "--image-size", "20");
    }

    /** A picture's FILE that is the user's notes, or a folder, is refused; a PNG there is replaced; --force replaces any. */
    @Test
    void pictureFilesNeverReplaceAUsersOtherFiles() throws IOException {
        Path photos = Fixtures.colourClassFolders(dir.resolve("photos"), new int[]{0, 1}, 4, 20);
        Path store = dir.resolve("store");
        assertEquals(0, CommandRun.of("dataset", "create", "-q", "--data", photos.toString(), "--out", store.toString(),
                "--image-size", "20").exitCode());
        Path notes = Files.writeString(dir.resolve("notes.txt"), "precious");
        assertOneLine(ExitCode.BAD_INPUT, notes + ": exists and is not a PNG picture", "dataset", "show", store.toString(),
                "--samples", notes.toString());
        assertEquals("precious", Files.readString(notes));
        assertOneLine(ExitCode.BAD_INPUT, dir + ": is a folder; name the .png file to write", "dataset", "show", store.toString(),
                "--samples", dir.toString());
        assertOneLine(ExitCode.BAD_INPUT, notes + ": exists and is not a PNG picture", "lr-find", "--data",
                TrainedModel.data().toString(), "--out", notes.toString());
        assertEquals("precious", Files.readString(notes));
        Path samples = dir.resolve("samples.png");
        assertEquals(0, CommandRun.of("dataset", "show", store.toString(), "--samples", samples.toString()).exitCode());
        assertEquals(0, CommandRun.of("dataset", "show", store.toString(), "--samples", samples.toString()).exitCode(), "a PNG is replaced");
        assertEquals(0, CommandRun.of("dataset", "show", store.toString(), "--samples", notes.toString(), "--force").exitCode());
    }

    @Test
    void aTruncatedJpegIsSkippedAsBrokenNotClassified() throws IOException {
        byte[] jpeg = Images.encode(Images.blackOnWhite(Images.digit(0), 200), "jpg");
        Path cut = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        // The first 3 KB of what says it is a 7000x7000 JPEG: refused before any decoding (it cost 5 s and 0.7 GB).
        byte[] huge7000 = Images.withDeclaredSide(jpeg, 7000);
        Path huge = Files.write(dir.resolve("huge.jpg"), java.util.Arrays.copyOf(huge7000, Math.min(huge7000.length - 10, 3000)));
        CommandRun run = CommandRun.of("classify", "--model", TrainedModel.modelZip().toString(), cut.toString(), huge.toString());
        assertEquals(ExitCode.BAD_INPUT, run.exitCode(), run.toString());
        assertTrue(run.err().contains(cut + ": broken image"), run.toString());
        assertTrue(run.err().contains(huge + ": broken image (its JPEG data ends before the end-of-image marker"), run.toString());
        assertTrue(run.out().isBlank(), run.toString());
        assertFalse(run.err().contains("\tat "), run.toString());
    }

    /** A broken image among class folders is left out of train and evaluate and named; too many stop them. */
    @Test
    void aBrokenImageAmongClassFoldersIsLeftOutAndNamed() throws IOException {
        Path folders = dir.resolve("digits");
        var digits = Fixtures.testSet();
        for (int i = 0; i < 150; i++) {
            Images.write(Images.digit(i), "png", folders.resolve(digits.label(i) + "/" + i + ".png"));
        }
        Path broken = Files.write(folders.resolve("7/broken.png"), java.util.Arrays.copyOf(Images.encode(Images.digit(0), "png"), 60));
        CommandRun evaluate = CommandRun.of("evaluate", "--json", "--model", TrainedModel.modelZip().toString(), "--data", folders.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.toString());
        assertTrue(evaluate.err().contains("skipped 1 unreadable images, left out: " + broken), evaluate.toString());
        assertTrue(evaluate.out().contains("\"images\" : 150") && evaluate.out().contains("broken.png"), evaluate.toString());

        Path runs = dir.resolve("runs");
        CommandRun train = CommandRun.of("train", "--data", folders.toString(), "--epochs", "1", "--runs", runs.toString(), "--run", "r");
        assertEquals(0, train.exitCode(), train.toString());
        assertTrue(train.err().contains("skipped:  1 unreadable images, left out: " + broken), train.toString());
        assertTrue(Files.readString(runs.resolve("r/run.json")).contains("broken.png"));

        Path other = Files.copy(broken, folders.resolve("3/also-broken.png"));
        CommandRun tooMany = assertOneLine(ExitCode.BAD_INPUT, "2 of 152 images (1.3%) could not be read", "evaluate",
                "--model", TrainedModel.modelZip().toString(), "--data", folders.toString());
        assertTrue(tooMany.err().contains(broken.toString()) && tooMany.err().contains(other.toString()), tooMany.toString());
    }

    /** A list saved by a Windows editor (a byte order mark, tabs, CRLF) reads as any other; a pipe is no file. */
    @Test
    void listsAsEditorsSaveThemAndFilesThatAreNotFiles() throws Exception {
        String model = TrainedModel.modelZip().toString();
        Images.write(Images.digit(0), "png", dir.resolve("my seven.png"));   // the test set's first digit is a 7
        Path list = Files.writeString(dir.resolve("list.txt"), "\uFEFFmy seven.png\t7\r\n");
        CommandRun classify = CommandRun.of("classify", "-q", "--model", model, "@" + list);
        assertEquals(0, classify.exitCode(), classify.toString());
        assertTrue(classify.out().contains("my seven.png: 7 (") && classify.out().contains("[right]"), classify.toString());

        Path photos = Fixtures.colourClassFolders(dir.resolve("photos"), new int[]{0, 1}, 4, 20);
        StringBuilder lines = new StringBuilder("\uFEFF");
        try (var files = Files.walk(photos)) {
            files.filter(Files::isRegularFile).sorted().forEach(file ->
                    lines.append(photos.relativize(file)).append('\t').append(file.getParent().getFileName().toString().equals("digit-0") ? 0 : 1).append("\r\n"));
        }
        Path photoList = Files.writeString(photos.resolve("photos.txt"), lines);
        CommandRun create = CommandRun.of("dataset", "create", "-q", "--data", "@" + photoList, "--out", dir.resolve("store").toString(),
                "--image-size", "20", "--val-percent", "0");
        assertEquals(0, create.exitCode(), create.toString());

        Path fifo = dir.resolve("pipe.png");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CommandRun pipe = CommandRun.of("classify", "--model", model, fifo.toString());
        assertEquals(ExitCode.BAD_INPUT, pipe.exitCode(), pipe.toString());
        assertTrue(pipe.err().contains(fifo + ": not a regular file (a pipe or a device)"), pipe.toString());
        assertOneLine(ExitCode.BAD_INPUT, fifo + ": not a regular file (a pipe or a device), so not a model file",
                "evaluate", "--model", fifo.toString(), "--data", TrainedModel.data().toString());
    }

    /** A phone photo stored sideways with its Exif orientation, and a scan whose white was made transparent, read as seen. */
    @Test
    void imagesAsPeopleHaveThemReadAsABrowserShowsThem() throws IOException {
        String model = TrainedModel.modelZip().toString();
        java.awt.image.BufferedImage upright = Images.blackOnWhite(Images.digit(0), 120);
        Path phone = Files.write(dir.resolve("phone.jpg"),
                Images.withExifOrientation(Images.encode(Images.turnedAnticlockwise(upright), "jpg"), 6));
        Path scan = Images.write(Images.paletteOnNoisyPaper(upright, true, 3), "png", dir.resolve("scan.png"));
        CommandRun run = CommandRun.of("classify", "-q", "--model", model, phone.toString(), scan.toString());
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith(phone + ": 7 ("), run.toString());
        assertTrue(lines.get(1).startsWith(scan + ": 7 ("), run.toString());
        // Read sideways the 7 is still the likeliest digit, but at a third of the confidence.
        double confidence = Double.parseDouble(lines.get(0).substring((phone + ": 7 (").length(), lines.get(0).indexOf('%')));
        assertTrue(confidence > 90, "the photo is read upright: " + lines.get(0));
    }

    /** Class names come from folder names and model.json: a control character in one is escaped, a name twice refused. */
    @Test
    void classNamesCannotForgeLinesAndAreEachOne() throws IOException {
        String names = "\"classNames\" : [ \"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\" ]";
        String forgedNames = names.replace("\"7\"", "\"7 (99.9%)\\nfake.png: 1\"").replace("\"0\"", "\"0\\u001b[2J\"");
        Path forged = withModelJson(dir.resolve("forged.zip"), json -> {
            assertTrue(json.contains(names), json);
            return json.replace(names, forgedNames);
        });
        Path seven = Images.write(Images.digit(0), "png", dir.resolve("seven.png"));
        CommandRun run = CommandRun.of("classify", "-q", "--model", forged.toString(), seven.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1, run.out().lines().count(), run.toString());
        assertTrue(run.out().contains("7 (99.9%)\\nfake.png: 1"), run.toString());
        assertFalse(run.out().contains("\u001b"), run.toString());
        // The data's classes are not the model's: the error names them, and the newline in one starts
        // no line at the margin.
        CommandRun evaluate = assertOneLine(ExitCode.BAD_INPUT, "are not among the model's", "evaluate", "-q", "--model", forged.toString(),
                "--data", TrainedModel.data().toString());
        assertTrue(evaluate.err().lines().skip(1).allMatch(line -> line.startsWith("  ")), evaluate.toString());
        assertFalse(evaluate.err().contains("\u001b"), evaluate.toString());

        Path twice = withModelJson(dir.resolve("twice.zip"), json -> json.replace(names, names.replace("\"8\"", "\"1\"")));
        assertOneLine(ExitCode.BAD_INPUT, "name '1' twice", "classify", "--model", twice.toString(), seven.toString());
    }

    /** Class folders named with a newline and an escape sequence, as a model can name its classes: evaluate's table and report. */
    @Test
    void classNamesCannotForgeEvaluatesTableOrItsReport() throws IOException {
        String names = "\"classNames\" : [ \"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\" ]";
        Path forged = withModelJson(dir.resolve("forged.zip"), json -> json.replace(names,
                names.replace("\"7\"", "\"7 (99.9%)\\nfake: 1\"").replace("\"0\"", "\"0\\u001b[2J\"")));
        Path data = dir.resolve("folders");
        int[][] digits = {{0, 17, 26}, {3, 10, 13}}; // real 7s and 0s
        String[] classes = {"7 (99.9%)\nfake: 1", "0\u001b[2J"};
        for (int c = 0; c < classes.length; c++) {
            for (int index : digits[c]) {
                Images.write(Images.digit(index), "png", Files.createDirectories(data.resolve(classes[c])).resolve(index + ".png"));
            }
        }
        Path report = dir.resolve("report");
        CommandRun run = CommandRun.of("evaluate", "-q", "--model", forged.toString(), "--data", data.toString(),
                "--report", report.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("7 (99.9%)\\nfake: 1"), run.toString());
        assertTrue(run.out().lines().noneMatch(line -> line.startsWith("fake")), run.toString());
        assertFalse(run.out().contains("\u001b"), run.toString());
        String page = Files.readString(report.resolve("index.html"));
        assertTrue(page.contains("7 (99.9%)\\nfake: 1"), page);
        assertFalse(page.contains("\u001b"), "the report holds the escape character itself");
    }

    @Test
    void aFileNameWithANewlineCannotForgeAResultLine() throws IOException {
        Path forged = Images.write(Images.digit(0), "png", dir.resolve("x.png: 3 (100.0%)\nreal.png"));
        CommandRun run = CommandRun.of("classify", "-q", "--model", TrainedModel.modelZip().toString(), forged.toString());
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.out().lines().toList();
        assertEquals(1, lines.size(), run.toString());
        assertTrue(lines.get(0).startsWith(dir.resolve("x.png: 3 (100.0%)\\nreal.png") + ": "), run.toString());
    }

    @Test
    void aFolderLinkedToItselfIsClassifiedOnce() throws IOException {
        Path folder = dir.resolve("digits");
        for (int i = 0; i < 3; i++) {
            Images.write(Images.digit(i), "png", folder.resolve(i + ".png"));
        }
        Files.createSymbolicLink(folder.resolve("self"), Path.of("."));
        Files.createSymbolicLink(folder.resolve("parent"), Path.of(".."));
        CommandRun run = CommandRun.of("classify", "-q", "--model", TrainedModel.modelZip().toString(), folder.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(3, run.out().lines().count(), run.toString());
    }

    /** A copy of the trained model whose model.json is changed by {@code edit}. */
    private static Path withModelJson(Path target, java.util.function.UnaryOperator<String> edit) throws IOException {
        try (ZipFile zip = new ZipFile(TrainedModel.modelZip().toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                out.write(entry.getName().equals("model.json") ? edit.apply(new String(bytes)).getBytes() : bytes);
                out.closeEntry();
            }
        }
        return target;
    }
}
