package dev.mnist.core.io;

import dev.mnist.core.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;

/**
 * A folder the user named for a command's pages and pictures ({@code evaluate --report},
 * {@code inspect --out}). The toolkit marks the folders it writes; in one it has not marked, a
 * file of the name it would write is the user's own, and is not replaced unless forced.
 */
public final class OutputFolder {
    static final String MARK = ".written-by-mnist";

    private OutputFolder() {
    }

    /**
     * Makes {@code dir} ready to hold {@code files}: refuses when one of them is there and the
     * toolkit did not write the folder, unless {@code force}; then marks it as the toolkit's.
     */
    public static Path claim(Path dir, Collection<String> files, boolean force) {
        AtomicFiles.outputFolder(dir);
        Path mark = dir.resolve(MARK);
        if (!force && !Files.exists(mark)) {
            for (String file : files) {
                if (Files.exists(dir.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidInputException(dir.resolve(file) + ": exists and was not written by mnist;"
                            + " name another folder, or add --force to replace it");
                }
            }
        }
        try {
            if (!Files.exists(mark)) {
                Files.writeString(mark, "This folder's pages and pictures were written by mnist, which replaces them when run again.\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write into the folder", e);
        }
        return dir;
    }
}
