package dev.mnist.core.nd4j;

/**
 * The one place this process's ND4J 1.0.0-M2.1 is mended before any graph is built, loaded or run:
 * the graphs' own op classes registered ({@link OpClasses}) and every inference pass run in a
 * session that forgets what it freed ({@link PassScopedSession}). The rest of this package is
 * used where it is needed; docs/nd4j-workarounds.md lists each work-around, its upstream issue and
 * the test that proves it, so an ND4J upgrade is a checklist.
 */
public final class Nd4jWorkarounds {
    private static boolean installed;

    private Nd4jWorkarounds() {
    }

    /** Idempotent. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        OpClasses.install();
        PassScopedSession.install();
        installed = true;
    }
}
