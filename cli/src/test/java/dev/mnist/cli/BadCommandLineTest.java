package dev.mnist.cli;

import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command answers mistakes on its command line with one line and a documented exit code. */
class BadCommandLineTest {
    private static final String[] COMMANDS = {"download", "convert", "train", "evaluate", "classify", "inspect", "serve", "models"};

    /** An option's line in a command's help: {@code "  -q, --quiet   Print..."} or {@code "      --data=DIR  ..."}. */
    private static final Pattern OPTION_LINE = Pattern.compile("^  (?:-\\w, |    )(--[\\w-]+)");

    /** The words after {@code mnist} of every command that runs: {@code [train]}, {@code [dataset, create]}, ... */
    private static void addCommands(CommandLine parent, List<String> words, List<List<String>> commands) {
        parent.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(words);
            path.add(name);
            if (sub.getSubcommands().isEmpty()) {
                commands.add(path);
            } else {
                addCommands(sub, path, commands);
            }
        });
    }

    private static void assertOneLineError(CommandRun run, int exitCode) {
        assertEquals(exitCode, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("mnist: error: "), run.toString());
        assertFalse(run.err().contains("\tat "), "no stack trace\n" + run);
        assertTrue(run.err().lines().count() <= 2, run.toString());
    }

    @Test
    void unknownOptionsAreUsageErrorsForEveryCommand() {
        for (String command : COMMANDS) {
            CommandRun run = command.equals("classify") || command.equals("inspect") ? CommandRun.of(command, "--frobnicate", "x.png")
                    : CommandRun.of(command, "--frobnicate");
            assertOneLineError(run, ExitCode.USAGE);
            assertTrue(run.err().contains("Unknown option: '--frobnicate'"), run.toString());
            assertTrue(run.err().contains("Try 'mnist " + command + " --help'"), run.toString());
        }
    }

    /** A new user's first mistakes (issue #38): each message carries its fix. */
    @Test
    void aNewUsersMistakesGetTheFixInTheMessage() {
        for (String command : new String[]{"train", "lr-find"}) {
            CommandRun fresh = CommandRun.of(command, "-q", "--data", "data/mnist");
            assertOneLineError(fresh, ExitCode.BAD_INPUT);
            assertTrue(fresh.err().contains("data/mnist: no such folder; run 'mnist download' first"), fresh.toString());
        }
        CommandRun evaluate = CommandRun.of("evaluate", "--model", TrainedModel.modelZip().toString(), "--data", "data/mnist");
        assertOneLineError(evaluate, ExitCode.BAD_INPUT);
        assertTrue(evaluate.err().contains("data/mnist: no such folder; run 'mnist download' first"), evaluate.toString());
        CommandRun typo = CommandRun.of("trian");
        assertOneLineError(typo, ExitCode.USAGE);
        assertTrue(typo.err().contains("did you mean 'train'?"), typo.toString());
        CommandRun option = CommandRun.of("train", "--epoch", "1");
        assertOneLineError(option, ExitCode.USAGE);
        assertTrue(option.err().contains("did you mean '--epochs'?"), option.toString());
        CommandRun warmup = CommandRun.of("train", "--epochs", "2", "--warmup", "3");
        assertOneLineError(warmup, ExitCode.USAGE);
        assertTrue(warmup.err().contains("--warmup (3.0 epochs) must be shorter than the run"), warmup.toString());
        for (String milestones : new String[]{"3,1", "2,5", "0"}) {
            CommandRun run = CommandRun.of("train", "--epochs", "5", "--lr-policy", "multistep", "--lr-milestones", milestones);
            assertOneLineError(run, ExitCode.USAGE);
            assertTrue(run.err().contains("--lr-milestones must rise, each an epoch from 1 to 4"), run.toString());
        }
        CommandRun best = CommandRun.of("evaluate", "-q", "--json", "--model", TrainedModel.run().resolve("best").toString(),
                "--data", TrainedModel.data().toString());
        assertEquals(0, best.exitCode(), best.toString());
        assertTrue(best.out().contains("best.zip"), best.toString());
    }

    @Test
    void namesAreMatchedWithoutRegardToCase() {
        CommandRun model = CommandRun.of("lr-find", "-q", "--model", "LeNet", "--data", TrainedModel.data().toString(), "--limit", "64",
                "--batches", "3", "--out", System.getProperty("java.io.tmpdir") + "/lr-find-case.png");
        assertFalse(model.err().contains("unknown model"), model.toString());
        CommandRun dataset = CommandRun.of("download", "--dataset", "MNIST", "--mirror", "http://127.0.0.1:9/", "--timeout", "1",
                "--dir", System.getProperty("java.io.tmpdir") + "/mnist-case-" + ProcessHandle.current().pid());
        assertFalse(dataset.err().contains("unknown data set"), dataset.toString());
        assertEquals(ExitCode.DOWNLOAD_FAILED, dataset.exitCode(), dataset.toString());
    }

    @Test
    void everyCommandsHelpPrintsCleanly() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream picocliWarnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(picocliWarnings, true));
        try {
            List<List<String>> commands = new ArrayList<>();
            addCommands(new CommandLine(new MnistCommand()), List.of(), commands);
            assertTrue(commands.contains(List.of("dataset", "show")), commands.toString());
            for (List<String> command : commands) {
                List<String> args = new ArrayList<>(command);
                args.add("--help");
                CommandRun help = CommandRun.of(args.toArray(String[]::new));
                assertEquals(0, help.exitCode(), help.toString());
                assertTrue(help.out().startsWith("Usage: mnist " + String.join(" ", command)), help.toString());
                assertEquals("", help.err(), help.toString());
                List<String> described = help.out().lines().map(OPTION_LINE::matcher).filter(Matcher::find)
                        .map(m -> m.group(1)).toList();
                assertEquals(new java.util.HashSet<>(described).size(), described.size(), "each option described once\n" + help);
            }
        } finally {
            System.setErr(stderr);
        }
        // picocli warns on System.err about a '%' its format cannot take.
        assertEquals("", picocliWarnings.toString(), "no warnings from the help texts' formats");
    }

    @Test
    void missingPathsAreBadInputForEveryCommandThatReadsOne() {
        assertOneLineError(CommandRun.of("convert", "--data", "/no/such/folder"), ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("train", "--data", "/no/such/folder"), ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("evaluate", "--model", "/no/such/model.zip"), ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("evaluate", "--model", TrainedModel.modelZip().toString(), "--data", "/no/such/folder"),
                ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("classify", "--model", "/no/such/model.zip", "x.png"), ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("classify", "--model", TrainedModel.modelZip().toString(), "@/no/such/list.txt"),
                ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("train", "--resume", "/no/such/run"), ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("inspect", "--model", "/no/such/model.zip", "x.png"), ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("inspect", "--model", TrainedModel.modelZip().toString(), "/no/such/image.png"),
                ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("serve", "--model", "/no/such/model.zip"), ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("train", "--init-from", "/no/such/model.zip"), ExitCode.BAD_INPUT);
        assertOneLineError(CommandRun.of("lr-find", "--data", TrainedModel.data().toString(), "--out", TrainedModel.data().toString()),
                ExitCode.BAD_INPUT);
    }

    @Test
    void resumeTakesTheRunsOwnSettingsAndRefusesOthers() {
        CommandRun run = CommandRun.of("train", "--resume", TrainedModel.run().toString(), "--lr", "0.5", "--lr-schedule", "fixed");
        assertOneLineError(run, ExitCode.USAGE);
        assertTrue(run.err().startsWith("mnist: error: --resume continues a run with the settings in its run.json; "
                + "--lr, --lr-policy cannot be given with it (--epochs may raise the total)"), run.toString());
    }

    @Test
    void verboseAddsTheStackTrace() {
        CommandRun quiet = CommandRun.of("evaluate", "--model", "/no/such/model.zip");
        CommandRun verbose = CommandRun.of("evaluate", "--verbose", "--model", "/no/such/model.zip");
        assertEquals(ExitCode.BAD_INPUT, verbose.exitCode(), verbose.toString());
        assertTrue(verbose.err().startsWith(quiet.err()), verbose.toString());
        assertTrue(verbose.err().contains("\tat dev.mnist.core.run.RunFolder.modelFile"), verbose.toString());
    }

    @Test
    void verboseAndQuietGoBeforeOrAfterTheCommandButNotTogether() {
        CommandRun before = CommandRun.of("-v", "evaluate", "--model", "/no/such/model.zip");
        assertTrue(before.err().contains("\tat dev.mnist.core.run.RunFolder.modelFile"), before.toString());
        assertOneLineError(CommandRun.of("-q", "evaluate", "--model", "/no/such/model.zip"), ExitCode.BAD_INPUT);
        for (String[] line : new String[][]{{"-q", "evaluate", "-v"}, {"evaluate", "--quiet", "--verbose"}, {"-v", "-q", "train"}}) {
            CommandRun both = CommandRun.of(line);
            assertOneLineError(both, ExitCode.USAGE);
            assertTrue(both.err().contains("--verbose and --quiet cannot be used together"), both.toString());
        }
    }

    /** No command named, or an empty argument (an unset shell variable), is a usage error; --epochs 0 says so. */
    @Test
    void noCommandOrAnEmptyArgumentIsAUsageError() {
        for (String[] line : new String[][]{{}, {"dataset"}}) {
            CommandRun run = CommandRun.of(line);
            assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
            assertTrue(run.err().contains("Usage: mnist"), run.toString());
            assertEquals("", run.out(), run.toString());
        }
        assertTrue(CommandRun.of("train", "--epochs", "0").err().startsWith("mnist: error: --epochs must be at least 1\n"));
        assertTrue(CommandRun.of("classify", "").err().startsWith("mnist: error: INPUT is empty: an empty argument names nothing"));
        assertTrue(CommandRun.of("train", "--data", "").err().contains("--data': an empty path names no file or folder"));
    }

    @Test
    void nonsenseNumbersAreUsageErrors() {
        String[][] lines = {
                {"train", "--epochs", "-1"}, {"train", "--batch-size", "0"}, {"train", "--val-split", "1.5"},
                {"train", "--lr", "abc"}, {"train", "--patience", "2", "--val-split", "0"},
                {"evaluate", "--min-accuracy", "2"}, {"classify", "--top", "0", "x.png"}, {"download", "--timeout", "soon"},
                {"train", "--prepare", "digit", "--channels", "3"}, {"train", "--prepare", "sideways"},
                {"classify", "--prepare", "plain", "--no-preprocess", "x.png"},
                {"train", "--threads", "10000"}, {"train", "--image-size", "8"}, {"train", "--image-size", "46341"},
                {"train", "--run", ""}, {"train", "--run", "../elsewhere"}, {"train", "--run", "latest"},
                {"evaluate", "--min-accuracy", "NaN"}, {"classify", "--batch-size", "1000000000", "x.png"},
                {"download", "--mirror", "http://exa mple/"}, {"download", "--mirror", "ftp://example.org/mnist/"},
                {"train", "--model", "bogus"}, {"train", "--resume", "/no/such/run", "--epochs", "-1"},
                {"download", "--dataset", "bogus"}, {"convert", "--layout", "sideways"}, {"dataset", "create", "--data", "x",
                "--out", "y", "--image-size", "0"}, {"dataset", "create", "--data", "x", "--out", "y", "--val-data", "z",
                "--val-percent", "5"}, {"export", "--check-images", "5"}, {"train", "--lr-gamma", "0.3"},
                {"train", "--lr-policy", "step", "--lr-milestones", "2"}, {"train", "--lr-policy", "cosine", "--lr-step", "3"},
                {"models", "--channels", "2"}, {"classify", "--json", "--csv", "x.png"},
                {"train", "--epochs", "0"}, {"train", "--runs", ""}, {"classify", ""}, {"download", "--mirror", ""},
                {"dataset", "create", "--data", "", "--out", "x"}, {"serve", "--host", ""}, {"evaluate", "--report", ""},
                {"sweep", "--name", "s", "--lr", "0.001,1e-3"}, {"sweep", "--name", "s", "--model", "lenet,LENET"},
                {"lr-find", "--batches", "5"}, {"lr-find", "--start-lr", "0.1", "--end-lr", "0.01"}};
        for (String[] line : lines) {
            CommandRun run = CommandRun.of(line);
            assertOneLineError(run, ExitCode.USAGE);
            assertEquals("", run.out(), "nothing on stdout\n" + run);
            assertFalse(run.err().contains("error: Error"), run.toString());
        }
    }
}
