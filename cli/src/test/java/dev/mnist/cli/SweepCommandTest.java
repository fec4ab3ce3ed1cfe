package dev.mnist.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.io.Json;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mnist sweep: a grid of real trainings, its leaderboard, a sweep stopped by SIGTERM then resumed, and trials run two at a time. */
class SweepCommandTest {
    @TempDir
    static Path data;
    @TempDir
    Path dir;

    @BeforeAll
    static void realDigits() {
        Fixtures.smallIdxFolder(data, 500);
    }

    private List<String> sweep(String name, String... more) {
        List<String> args = new ArrayList<>(List.of("sweep", "--name", name, "--runs", dir.resolve("runs").toString(),
                "--data", data.toString(), "--limit", "400", "--epochs", "1", "--lr", "0.0005,0.002,0.01", "--seed", "1,2"));
        args.addAll(List.of(more));
        return args;
    }

    /** Each trial's best validation accuracy, as the leaderboard's JSON gives it. */
    private static Map<String, Double> scores(CommandRun show) throws Exception {
        Map<String, Double> scores = new TreeMap<>();
        for (JsonNode row : Json.MAPPER.readTree(show.out()).get("rows")) {
            scores.put(row.get("trial").asText(), row.get("bestValAccuracy").asDouble());
        }
        return scores;
    }

    @Test
    void aThreeByTwoGridMakesSixRunsAndALeaderboardOfTheirOwnNumbers() throws Exception {
        CommandRun run = CommandRun.of(sweep("s", "--quiet", "--evaluate").toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        Path sweep = dir.resolve("runs").resolve("s");
        CommandRun show = CommandRun.of("sweep", "show", sweep.toString(), "--json");
        assertEquals(0, show.exitCode(), show.toString());
        Map<String, Double> scores = scores(show);
        assertEquals(6, scores.size(), scores.toString());
        for (Map.Entry<String, Double> trial : scores.entrySet()) {
            RunFolder folder = new RunFolder(sweep.resolve(trial.getKey()));
            assertTrue(Files.isRegularFile(folder.model()), trial.getKey());
            double best = folder.metrics().stream().mapToDouble(EpochMetrics::valAccuracy).max().orElseThrow();
            assertEquals(best, trial.getValue(), 0, trial.getKey() + ": the leaderboard's number is its metrics.csv's");
        }
        JsonNode document = Json.MAPPER.readTree(show.out());
        for (JsonNode row : document.get("rows")) {
            CommandRun evaluated = CommandRun.of("evaluate", "--json", "--model", sweep.resolve(row.get("trial").asText()).toString(),
                    "--data", data.toString());
            assertEquals(Json.MAPPER.readTree(evaluated.out()).get("accuracy").asDouble(), row.get("testAccuracy").asDouble(), 0,
                    row.get("trial").asText() + ": the leaderboard's test accuracy is evaluate's");
        }
        assertEquals(3, document.get("seedGroups").size(), "one group per rate, over its two seeds");
        assertTrue(run.out().startsWith("sweep s:"), run.out());
        assertTrue(javax.imageio.ImageIO.read(sweep.resolve("curves.png").toFile()).getWidth() > 0, "the trials' curves");
        CommandRun csv = CommandRun.of("sweep", "show", sweep.toString(), "--csv");
        assertEquals(7, csv.out().strip().split("\n").length, csv.out());
        assertTrue(csv.out().startsWith("trial,lr,seed,best_val_accuracy,"), csv.out());
    }

    @Test
    void stoppedBySigtermAndResumedItEndsWithTheLeaderboardOfAStraightRun() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(sweep("stopped", "--threads", "1"));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("err.txt").toFile()).start();
        Path stopped = dir.resolve("runs").resolve("stopped");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && process.isAlive() && !Files.exists(stopped.resolve("03-lr0.002-seed1"))) {
            Thread.sleep(20);
        }
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("err.txt"));
        assertTrue(process.exitValue() == ExitCode.INTERRUPTED || process.exitValue() == 143, "exit " + process.exitValue() + "\n" + err);
        assertTrue(err.contains("go on with: mnist sweep --resume " + stopped), err);

        CommandRun resumed = CommandRun.of("sweep", "--quiet", "--resume", stopped.toString());
        assertEquals(0, resumed.exitCode(), resumed.toString());
        // Straight through, two trials at a time: each trains as it would alone (on one thread, as the stopped ones).
        CommandRun straight = CommandRun.of(sweep("straight", "--quiet", "--threads", "1", "--parallel", "2").toArray(String[]::new));
        assertEquals(0, straight.exitCode(), straight.toString());
        Path straightDir = dir.resolve("runs").resolve("straight");
        Map<String, Double> scores = scores(CommandRun.of("sweep", "show", straightDir.toString(), "--json"));
        assertEquals(scores, scores(CommandRun.of("sweep", "show", stopped.toString(), "--json")), "training on the CPU is deterministic");
        for (String trial : scores.keySet()) {
            assertArrayEquals(weights(straightDir.resolve(trial)), weights(stopped.resolve(trial)), trial + ": the same weights to the bit");
        }
    }

    private static byte[] weights(Path run) throws java.io.IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(run.resolve(RunFolder.MODEL).toFile())) {
            return zip.getInputStream(zip.getEntry("weights.bin")).readAllBytes();
        }
    }

    @Test
    void randomTrainsThatManyPointsOfTheGridTheSameOnesForTheSameSeed() throws Exception {
        for (String name : List.of("r1", "r2")) {
            CommandRun run = CommandRun.of(sweep(name, "--quiet", "--random", "2", "--random-seed", "7").toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.toString());
        }
        Map<String, Double> first = scores(CommandRun.of("sweep", "show", dir.resolve("runs").resolve("r1").toString(), "--json"));
        assertEquals(2, first.size(), first.toString());
        assertEquals(first, scores(CommandRun.of("sweep", "show", dir.resolve("runs").resolve("r2").toString(), "--json")));
    }

    @Test
    void mistakesAreRefusedBeforeAnyTraining() {
        Path runs = dir.resolve("runs");
        CommandRun none = CommandRun.of("sweep", "--name", "x", "--runs", runs.toString(), "--data", data.toString(), "--lr", "0.001");
        assertEquals(ExitCode.USAGE, none.exitCode(), none.toString());
        assertTrue(none.err().contains("nothing to sweep"), none.err());
        CommandRun bad = CommandRun.of("sweep", "--name", "x", "--runs", runs.toString(), "--data", data.toString(), "--lr", "0.001,fast");
        assertEquals(ExitCode.USAGE, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("fast"), bad.err());
        CommandRun own = CommandRun.of("sweep", "--name", "x", "--runs", runs.toString(), "--lr", "0.001,0.01", "--run", "r");
        assertEquals(ExitCode.USAGE, own.exitCode(), own.toString());
        assertFalse(Files.exists(runs.resolve("x")), "nothing written for a refused sweep");
    }
}
