package dev.mnist.core.run;

import dev.mnist.core.io.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code steps.csv}, the training records a run appends as it goes: each line is flushed as it is
 * written, so another process (the board) can follow the file while the run trains.
 */
public final class StepLog implements AutoCloseable {
    private final Path file;
    private final BufferedWriter out;

    private StepLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Opens the log to append to, keeping only the records up to {@code lastStep}: a run resumed from
     * a checkpoint trains the steps after it again, and a killed process may have recorded some.
     */
    static StepLog open(Path file, long lastStep) {
        try {
            if (Files.isRegularFile(file)) {
                List<String> kept = Files.readAllLines(file).stream().skip(1)
                        .filter(line -> !line.isBlank() && stepOf(line) <= lastStep).toList();
                StringBuilder csv = new StringBuilder(StepRecord.CSV_HEADER).append('\n');
                kept.forEach(line -> csv.append(line).append('\n'));
                AtomicFiles.writeString(file, csv.toString());
            } else {
                AtomicFiles.writeString(file, StepRecord.CSV_HEADER + "\n");
            }
            return new StepLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the training records", e);
        }
    }

    /** The step of a line, or {@link Long#MAX_VALUE} when it is not one (a line cut short by a kill). */
    private static long stepOf(String line) {
        try {
            return StepRecord.parse(line).step();
        } catch (IllegalArgumentException e) {
            return Long.MAX_VALUE;
        }
    }

    public void append(StepRecord record) {
        try {
            out.write(record.csv());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the training records", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the whole lines of {@code file} from byte {@code offset} on (0: from the start, past the
     * header) and returns the offset after the last whole line: a line still being written is left
     * for the next read. Lines that are not records are skipped.
     */
    public static long read(Path file, long offset, Consumer<StepRecord> records) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(offset);
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
            StringBuilder line = new StringBuilder();
            long position = offset;
            long lineStart = offset;
            int b;
            while ((b = in.read()) >= 0) {
                position++;
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                if (lineStart > 0 || !line.toString().startsWith("step,")) {
                    try {
                        records.accept(StepRecord.parse(line.toString()));
                    } catch (IllegalArgumentException e) {
                        // not a record: skipped
                    }
                }
                line.setLength(0);
                lineStart = position;
            }
            return lineStart;
        }
    }
}
