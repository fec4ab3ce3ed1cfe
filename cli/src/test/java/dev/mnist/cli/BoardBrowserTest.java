package dev.mnist.cli;

import dev.mnist.core.board.Board;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Chromium;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mnist board} in a real headless Chromium, watching real trainings: one in another JVM
 * appears as running, its curve gains points as it trains and it turns finished; one stopped by
 * SIGTERM shows as stopped with its resume command; a diverged run and a corrupt run folder are shown
 * for what they are; two runs are compared. Screenshots are kept in {@code target/screenshots/}.
 */
class BoardBrowserTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path runs;
    static Board board;
    static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        browser = Chromium.start(1280, 900).orElse(null);
        if (browser == null) {
            return;
        }
        data = Fixtures.splitIdxFolder(dir.resolve("data"), 0, 2_000, 2_000, 300);
        runs = Files.createDirectories(dir.resolve("runs"));
        board = new Board(List.of(runs), List.of(), "127.0.0.1", 0, List.of(), line -> { }).start();
    }

    @BeforeEach
    void needsABrowser() {
        Assumptions.assumeTrue(browser != null, Chromium.MISSING);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (board != null) {
            board.stop();
        }
    }

    /** {@code mnist train} in a JVM of its own: 4 epochs of 1,800 real digits in batches of 8 on one thread, some 10 s. */
    private static Process train(String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--data", data.toString(),
                "--epochs", "4", "--batch-size", "8", "--threads", "1", "--runs", runs.toString(), "--run", name));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    private static void await(Supplier<Boolean> condition, int seconds, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
                // not drawn yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting: " + what.get());
    }

    /** Opens a view afresh: the page is loaded again, not only its hash changed (which keeps its filter). */
    private static void show(String hash) {
        browser.get("about:blank");
        browser.get(board.uri() + hash);
    }

    private static String attribute(String css, String name) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getAttribute(name);
    }

    private static String rowState(String run) {
        return attribute("#runs tr[data-run='" + run + "']", "data-state");
    }

    private static int points(String chart) {
        String value = attribute("#" + chart, "data-points");
        return value == null ? 0 : Integer.parseInt(value);
    }

    @Test
    void aRunTrainedInAnotherProcessAppearsAsRunningGrowsLiveAndTurnsFinished() throws Exception {
        show("#/");
        Process training = train("live");
        try {
            await(() -> "running".equals(rowState("live")), 90, () -> "the new run listed as running; "
                    + browser.findElement(By.id("runs")).getText());
            Chromium.screenshot(browser, "board-runs-running");
            browser.findElement(By.cssSelector("#runs tr[data-run='live'] a")).click();
            await(() -> points("loss-chart") > 0 && "running".equals(attribute("#run", "data-state")), 60,
                    () -> "the first points while running");
            int first = points("loss-chart");
            await(() -> points("loss-chart") > first, 60, () -> "more points than " + first);
            assertTrue(points("loss-chart") > first);
            Chromium.screenshot(browser, "board-run-live");
            await(() -> "finished".equals(attribute("#run", "data-state")), 120, () -> "the run finished; " + attribute("#run", "data-state"));
            assertTrue(training.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, training.exitValue(), Files.readString(dir.resolve("live.err")));
            await(() -> points("accuracy-chart") == 4, 10, () -> "an accuracy point per epoch, not " + points("accuracy-chart"));
            assertTrue(points("loss-chart") >= 4 * 50, "at least 50 records an epoch: " + points("loss-chart"));
            Chromium.screenshot(browser, "board-run-finished");
        } finally {
            training.destroyForcibly();
        }
    }

    @Test
    void aRunStoppedBySigtermShowsAsStoppedWithItsResumeCommand() throws Exception {
        Process training = train("stopped");
        RunFolder folder = new RunFolder(runs.resolve("stopped"));
        await(() -> lines(folder.steps()) > 3, 90, () -> "training records in " + folder.steps());
        training.destroy();
        assertTrue(training.waitFor(60, TimeUnit.SECONDS));
        show("#/run/stopped");
        await(() -> "stopped".equals(attribute("#run", "data-state")), 30, () -> "stopped, not " + attribute("#run", "data-state"));
        String resume = browser.findElement(By.cssSelector("#commands code[data-command='resume']")).getText();
        assertTrue(resume.startsWith("mnist train --resume ") && resume.endsWith("stopped"), resume);
        assertTrue(browser.findElement(By.id("reason")).getText().contains("stopped in epoch"),
                browser.findElement(By.id("reason")).getText());
        Chromium.screenshot(browser, "board-run-stopped");
    }

    @Test
    void aDivergedRunAndACorruptRunFolderAreListedForWhatTheyAre() throws Exception {
        CommandRun wild = CommandRun.of("train", "--quiet", "--data", data.toString(), "--epochs", "1", "--limit", "300",
                "--lr", "1e30", "--runs", runs.toString(), "--run", "wild");
        assertEquals(ExitCode.DIVERGED, wild.exitCode(), wild.toString());
        Path broken = Files.createDirectories(runs.resolve("broken"));
        Files.writeString(broken.resolve(RunFolder.RUN_JSON), "{\"name\": \"broken\", \"config\": {\"epo");
        show("#/");
        await(() -> "diverged".equals(rowState("wild")) && "unreadable".equals(rowState("broken")), 30,
                () -> browser.findElement(By.id("runs")).getText());
        String reason = browser.findElement(By.cssSelector("#runs tr[data-run='broken'] td.reason")).getAttribute("textContent");
        assertTrue(reason.contains(RunFolder.RUN_JSON), reason);
        String diverged = browser.findElement(By.cssSelector("#runs tr[data-run='wild'] td.reason")).getAttribute("textContent");
        assertTrue(diverged.contains("training diverged in epoch 1"), diverged);
        Chromium.screenshot(browser, "board-runs-diverged-unreadable");
        browser.findElement(By.id("filter")).sendKeys("diverged");
        await(() -> browser.findElements(By.cssSelector("#runs tbody tr")).stream().filter(WebElement::isDisplayed)
                .map(row -> row.getAttribute("data-run")).toList().equals(List.of("wild")), 10, () -> "only the diverged run shown");
        show("#/run/broken");
        await(() -> "unreadable".equals(attribute("#run", "data-state")), 10, () -> attribute("#run", "data-state"));
        assertTrue(browser.findElement(By.id("reason")).getText().contains(RunFolder.RUN_JSON));
    }

    @Test
    void twoRunsAreComparedCurvesOverlaidAndTheirDifferingSettingsListed() throws Exception {
        for (String[] run : new String[][]{{"slow", "0.0005"}, {"fast", "0.003"}}) {
            CommandRun trained = CommandRun.of("train", "--quiet", "--data", data.toString(), "--epochs", "2", "--limit", "400",
                    "--lr", run[1], "--runs", runs.toString(), "--run", run[0]);
            assertEquals(0, trained.exitCode(), trained.toString());
        }
        show("#/");
        await(() -> "finished".equals(rowState("slow")) && "finished".equals(rowState("fast")), 30, () -> "both listed");
        browser.findElement(By.cssSelector("input.pick[value='slow']")).click();
        browser.findElement(By.cssSelector("input.pick[value='fast']")).click();
        browser.findElement(By.id("compare")).click();
        await(() -> "2".equals(attribute("#compare-chart", "data-series")), 20, () -> "two curves overlaid");
        await(() -> !browser.findElements(By.cssSelector("#differences tr[data-key='learningRate']")).isEmpty(), 10,
                () -> browser.findElement(By.id("differences")).getText());
        assertTrue(browser.findElements(By.cssSelector("#differences tr[data-key='epochs']")).isEmpty(), "the same epochs are no difference");
        String scores = browser.findElement(By.id("scores")).getText();
        assertTrue(scores.contains("slow") && scores.contains("fast"), scores);
        Chromium.screenshot(browser, "board-compare");
    }

    @Test
    void aSweepIsListedWithItsLeaderboardAndItsTrialsCompared() throws Exception {
        CommandRun sweep = CommandRun.of("sweep", "--quiet", "--name", "grid", "--runs", runs.toString(), "--data", data.toString(),
                "--epochs", "1", "--limit", "300", "--lr", "0.0005,0.003");
        assertEquals(0, sweep.exitCode(), sweep.toString());
        show("#/");
        await(() -> !browser.findElements(By.cssSelector("#sweep-list tr[data-sweep='grid'] a")).isEmpty(), 30,
                () -> "the sweep listed; " + browser.findElement(By.id("view")).getText());
        assertTrue(browser.findElement(By.cssSelector("#sweep-list tr[data-sweep='grid']")).getText().contains("2 finished"),
                browser.findElement(By.id("sweep-list")).getText());
        browser.findElement(By.cssSelector("#sweep-list tr[data-sweep='grid'] a")).click();
        await(() -> browser.findElements(By.cssSelector("#leaderboard tbody tr")).size() == 2, 20,
                () -> "a leaderboard row per trial; " + browser.findElement(By.id("view")).getText());
        assertTrue(browser.findElement(By.id("leaderboard")).getText().contains("0.0005"), browser.findElement(By.id("leaderboard")).getText());
        assertTrue(!browser.findElement(By.id("view")).getText().contains("null"), browser.findElement(By.id("view")).getText());
        await(() -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("const i = document.getElementById('sweep-curves'); return i.complete && i.naturalWidth > 0;")), 10,
                () -> "the curves picture loaded");
        Chromium.screenshot(browser, "board-sweep");
        browser.findElement(By.id("compare-trials")).click();
        await(() -> "2".equals(attribute("#compare-chart", "data-series")), 20, () -> "the two trials' curves overlaid");
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
