package dev.mnist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The man pages a release archive ships: one per command, its --help verbatim, README's exit codes. */
class ManPagesTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandHasAPageWithItsHelpAndTheExitCodes() throws Exception {
        ManPages.main(new String[]{dir.toString(), Path.of("..", "README.md").toString()});
        for (String page : new String[]{"mnist", "mnist-train", "mnist-dataset-create", "mnist-sweep-show", "mnist-completion"}) {
            assertTrue(Files.isRegularFile(dir.resolve(page + ".1")), page);
        }
        String train = Files.readString(dir.resolve("mnist-train.1"));
        CommandRun help = CommandRun.of("train", "--help");
        String firstOption = help.out().lines().filter(line -> line.strip().startsWith("--data=")).findFirst().orElseThrow();
        assertTrue(train.startsWith(".TH MNIST-TRAIN 1 "), train);
        assertTrue(train.contains("\n.nf\nUsage: mnist train ") && train.contains(firstOption), train);
        assertTrue(train.contains(".SH EXIT STATUS\n.TP\n.B 0\nsuccess\n"), train);
        assertTrue(train.contains("mnist-evaluate(1)"), train);
        assertTrue(Files.readString(dir.resolve("mnist.1")).contains(".SH THE WORKFLOW"));
    }
}
