package dev.mnist.core.testing;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real headless Chromium for the browser tests, through chromedriver (Debian: chromium,
 * chromium-driver; .ci/run installs them). Without them a test is skipped with {@link #MISSING}.
 */
public final class Chromium {
    public static final String MISSING =
            "browser test skipped: Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)";
    /** Where screenshots are kept, to be looked at. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    /** A browser of that window size, or empty (with the reason on stderr) when there is none here. */
    public static Optional<WebDriver> start(int width, int height) {
        Optional<Path> chromium = executable(List.of("chromium", "chromium-browser", "google-chrome"), "CHROME_BIN");
        Optional<Path> driver = executable(List.of("chromedriver"), "CHROMEWEBDRIVER");
        if (chromium.isEmpty() || driver.isEmpty()) {
            System.err.println(MISSING);
            return Optional.empty();
        }
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return Optional.of(browser);
    }

    /** Keeps a screenshot of the page as {@code target/screenshots/NAME.png}. */
    public static Path screenshot(WebDriver browser, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of the names on PATH, or in the folder an environment variable names (GitHub's runners). */
    private static Optional<Path> executable(List<String> names, String folderVariable) {
        Stream<Path> folders = Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(s -> !s.isEmpty()).map(Path::of);
        String extra = System.getenv(folderVariable);
        if (extra != null) {
            Path given = Path.of(extra);
            folders = Stream.concat(Stream.of(Files.isDirectory(given) ? given : given.getParent()), folders);
        }
        List<Path> dirs = folders.toList();
        return names.stream().flatMap(name -> dirs.stream().map(dir -> dir.resolve(name)))
                .filter(Files::isExecutable).findFirst();
    }
}
