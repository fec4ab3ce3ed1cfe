package dev.mnist.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A checkout for the project's scripts ({@code mnist}, {@code examples/spark-local.sh}) to run in
 * under test: they rebuild when a pom or a source is newer than the build, so these are old and empty.
 */
public final class StandInCheckout {
    private StandInCheckout() {
    }

    /** {@code pom.xml}, and each module's {@code pom.xml} and empty {@code src/main}, an hour old, under {@code root}. */
    public static void withSourcesOlderThanTheBuild(Path root, String... modules) throws IOException {
        FileTime past = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        writeOld(root.resolve("pom.xml"), past);
        for (String module : modules) {
            writeOld(root.resolve(module).resolve("pom.xml"), past);
            Files.createDirectories(root.resolve(module).resolve("src/main"));
        }
    }

    private static void writeOld(Path pom, FileTime time) throws IOException {
        Files.createDirectories(pom.getParent());
        Files.writeString(pom, "<project/>");
        Files.setLastModifiedTime(pom, time);
    }
}
