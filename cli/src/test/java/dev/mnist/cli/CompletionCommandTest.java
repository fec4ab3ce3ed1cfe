package dev.mnist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The completion script, run by bash's own completion machinery as a Tab press would run it. */
class CompletionCommandTest {
    @TempDir
    Path dir;

    /** What bash offers for the words typed so far, the last one (maybe empty) being completed. */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append('\'').append(word).append("' ");
        }
        String line = String.join(" ", words);
        String probe = "source '" + script + "'\n"
                + "COMP_WORDS=(" + array + ")\nCOMP_CWORD=" + (words.length - 1) + "\nCOMP_LINE='" + line + "'\nCOMP_POINT=" + line.length() + "\n"
                + "$(complete -p mnist | sed -E 's/.*-F ([^ ]+).*/\\1/') mnist '" + words[words.length - 1] + "' '"
                + (words.length > 1 ? words[words.length - 2] : "") + "'\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
        // compopt says on stderr that no real Tab press is in progress; only the offers matter.
        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", probe).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertEquals(0, bash.waitFor(), out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void bashCompletesCommandsOptionsValuesAndFiles() throws Exception {
        CommandRun run = CommandRun.of("completion");
        assertEquals(0, run.exitCode(), run.toString());
        Path script = Files.writeString(dir.resolve("mnist-completion.bash"), run.out());

        assertEquals(List.of("train"), complete(script, "mnist", "tr"));
        assertTrue(complete(script, "mnist", "train", "--ep").contains("--epochs"));
        List<String> models = complete(script, "mnist", "train", "--model", "");
        assertTrue(models.containsAll(List.of("lenet", "lenet5", "resnet")), models.toString());
        assertEquals(List.of("onecycle"), complete(script, "mnist", "train", "--lr-policy", "one"));
        assertEquals(List.of("half-crop"), complete(script, "mnist", "dataset", "create", "--resize", "half"));
        Files.createDirectories(dir.resolve("my-data"));
        assertEquals(List.of("my-data"), complete(script, "mnist", "train", "--data", "my-"));
        assertEquals(run.out(), CommandRun.of("completion", "zsh").out(), "one script for both shells");
        assertEquals(ExitCode.USAGE, CommandRun.of("completion", "fish").exitCode());
    }
}
