package dev.mnist.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A signal as training ends runs the last epoch's pictures (curves.png) while the JVM shuts down:
 * they are still written. ImageIO's default stream cache failed there ("Shutdown in progress").
 */
class PngInShutdownTest {
    @TempDir
    Path dir;

    /** Writes a picture from a shutdown hook of a fresh JVM, where ImageIO has written nothing before. */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Png.write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), file)));
        System.exit(0);
    }

    @Test
    void aPictureIsWrittenWhileTheJvmShutsDown() throws Exception {
        Path file = dir.resolve("curves.png");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), PngInShutdownTest.class.getName(),
                file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(Files.isRegularFile(file), output);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(Files.readAllBytes(file), 4), output);
    }
}
