package dev.mnist.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions Maven writes into {@code mnist-core.properties} at build time. */
public final class BuildInfo {
    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    public static String version() {
        return PROPERTIES.getProperty("version", "unknown");
    }

    public static String nd4jVersion() {
        return PROPERTIES.getProperty("nd4j.version", "unknown");
    }

    /** The charting library the board serves from its WebJar. */
    public static String uplotVersion() {
        return PROPERTIES.getProperty("uplot.version", "unknown");
    }

    /** The ND4J backend artifact the build bundles, e.g. {@code nd4j-native:linux-x86_64-onednn-avx2}. */
    public static String nd4jBackend() {
        return PROPERTIES.getProperty("nd4j.backend", "unknown");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/mnist-core.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
