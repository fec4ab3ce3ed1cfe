package dev.mnist.core.serve;

import dev.mnist.core.io.Json;
import dev.mnist.core.testing.Chromium;
import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drawing page in a real headless Chromium: a digit drawn stroke by stroke with the mouse is
 * answered on the page, as the API answers for the canvas. Needs Chromium and its driver (Debian:
 * chromium, chromium-driver; .ci/run installs them); skipped with a message without them. The
 * screenshot is kept in {@code target/screenshots/}.
 */
class ServePageBrowserTest {
    static ServerFixture fixture;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        browser = Chromium.start(900, 640).orElse(null);
        if (browser != null) {
            fixture = new ServerFixture();
        }
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
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Drags the mouse through points given in canvas pixels (the canvas is 280x280). */
    private static void stroke(WebElement pad, int[]... points) {
        double scale = pad.getSize().getWidth() / 280.0;
        Actions actions = new Actions(browser);
        int[] first = points[0];
        actions.moveToElement(pad, offset(first[0], scale, pad.getSize().getWidth()), offset(first[1], scale, pad.getSize().getHeight()))
                .clickAndHold();
        for (int i = 1; i < points.length; i++) {
            int steps = 8;
            for (int s = 1; s <= steps; s++) {
                double x = points[i - 1][0] + (points[i][0] - points[i - 1][0]) * s / (double) steps;
                double y = points[i - 1][1] + (points[i][1] - points[i - 1][1]) * s / (double) steps;
                actions.moveToElement(pad, offset(x, scale, pad.getSize().getWidth()), offset(y, scale, pad.getSize().getHeight()));
            }
        }
        actions.release().perform();
    }

    /** Drags a finger (touch pointer events) through points in canvas pixels. */
    private static void touchStroke(WebElement pad, int[]... points) {
        double scale = pad.getSize().getWidth() / 280.0;
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence swipe = new Sequence(finger, 0);
        org.openqa.selenium.Point corner = pad.getLocation();
        swipe.addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(),
                corner.getX() + (int) (points[0][0] * scale), corner.getY() + (int) (points[0][1] * scale)));
        swipe.addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        for (int i = 1; i < points.length; i++) {
            for (int s = 1; s <= 8; s++) {
                double x = points[i - 1][0] + (points[i][0] - points[i - 1][0]) * s / 8.0;
                double y = points[i - 1][1] + (points[i][1] - points[i - 1][1]) * s / 8.0;
                swipe.addAction(finger.createPointerMove(Duration.ofMillis(10), PointerInput.Origin.viewport(),
                        corner.getX() + (int) (x * scale), corner.getY() + (int) (y * scale)));
            }
        }
        swipe.addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        ((ChromeDriver) browser).perform(List.of(swipe));
    }

    /** Selenium offsets are from the element's centre. */
    private static int offset(double canvasPixel, double scale, int size) {
        return (int) Math.round(canvasPixel * scale - size / 2.0);
    }

    private static void awaitIdle() throws InterruptedException {
        WebElement result = browser.findElement(By.id("result"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"idle".equals(result.getAttribute("data-state")) && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertEquals("idle", result.getAttribute("data-state"), "the page settles on an answer");
    }

    @Test
    void aSevenDrawnStrokeByStrokeIsAnsweredOnThePage() throws Exception {
        browser.get(fixture.server.uri().toString());
        WebElement pad = browser.findElement(By.id("pad"));

        stroke(pad, new int[]{70, 70}, new int[]{210, 70});
        awaitIdle();
        assertTrue(browser.findElements(By.cssSelector("#bars li")).size() > 0, "the first stroke already gets an answer");

        stroke(pad, new int[]{210, 70}, new int[]{170, 140}, new int[]{130, 225});
        awaitIdle();
        String shown = browser.findElement(By.id("answer")).getText();
        Chromium.screenshot(browser, "serve-seven");
        assertEquals("7", shown, "the page's answer for a drawn 7");
        assertEquals(10, browser.findElements(By.cssSelector("#bars li")).size(), "a bar per class");
        Number seenWidth = (Number) ((JavascriptExecutor) browser).executeScript("return document.getElementById('seen').naturalWidth");
        assertEquals(28, seenWidth.intValue(), "the 28x28 input the model saw is shown");

        String canvas = (String) ((JavascriptExecutor) browser).executeScript("return document.getElementById('pad').toDataURL('image/png')");
        byte[] png = Base64.getDecoder().decode(canvas.substring(canvas.indexOf(',') + 1));
        String api = fixture.post("/api/classify", "image/png", png).json().get("top").get(0).get("class").asText();
        assertEquals(api, shown, "the page shows what the API answers for the canvas");

        browser.findElement(By.id("clear")).click();
        assertEquals("", browser.findElement(By.id("answer")).getText(), "Clear empties the answer");

        WebElement header = browser.findElement(By.id("model"));
        Path model = fixture.predictor.file();
        assertTrue(header.getText().startsWith(model.getParent().getFileName() + "/" + model.getFileName() + ": lenet, "), header.getText());
        assertEquals(model.toString(), header.getAttribute("title"), "the whole path on hover");
    }

    @Test
    void aOneDrawnWithAFingerIsAnswered() throws Exception {
        browser.get(fixture.server.uri().toString());
        WebElement pad = browser.findElement(By.id("pad"));
        touchStroke(pad, new int[]{150, 40}, new int[]{140, 140}, new int[]{132, 240});
        awaitIdle();
        assertEquals("1", browser.findElement(By.id("answer")).getText(), "the page's answer for a 1 drawn by touch");
    }

    @Test
    void anImageFileOpenedIsAnsweredAsTheApiAnswersThatFile(@TempDir Path dir) throws Exception {
        byte[] png = Images.encode(Images.blackOnWhite(Images.digit(3), 200), "png");
        Path file = Files.write(dir.resolve("digit.png"), png);
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(fixture.server.uri().resolve("api/classify"))
                .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                HttpResponse.BodyHandlers.ofString());
        String expected = Json.MAPPER.readTree(api.body()).get("top").get(0).get("class").asText();

        browser.get(fixture.server.uri().toString());
        browser.findElement(By.id("open")).sendKeys(file.toAbsolutePath().toString());
        awaitIdle();
        assertEquals(expected, browser.findElement(By.id("answer")).getText(), "the page's answer for the opened file");
        assertEquals(10, browser.findElements(By.cssSelector("#bars li")).size(), "a bar per class");
    }
}
