package dev.mnist.core.run;

import dev.mnist.core.io.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
     * for the next read. Lines that are not records are skipped. Numbers are read by
     * {@link #number}, as fast as a million records a second asks for.
     */
    public static long read(Path file, long offset, Consumer<StepRecord> records) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(offset);
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            long consumed = offset;
            double[] fields = new double[6];
            while (channel.read(buffer) > 0) {
                byte[] bytes = buffer.array();
                int end = buffer.position();
                int start = 0;
                for (int i = 0; i < end; i++) {
                    if (bytes[i] == '\n') {
                        if (parse(bytes, start, i, fields)) {
                            records.accept(new StepRecord((long) fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]));
                        }
                        start = i + 1;
                    }
                }
                consumed += start;
                if (start == 0 && end == buffer.capacity()) {
                    return consumed; // a "line" of a megabyte is no record: stop there
                }
                buffer.position(0);
                buffer.put(bytes, start, end - start);
            }
            return consumed;
        }
    }

    /** Six comma-separated numbers in {@code bytes[from, to)}; false for anything else (the header). */
    private static boolean parse(byte[] bytes, int from, int to, double[] fields) {
        int field = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || bytes[i] == ',') {
                if (field == fields.length) {
                    return false;
                }
                double value = number(bytes, start, i);
                if (Double.isNaN(value) && !isNaN(bytes, start, i)) {
                    return false;
                }
                fields[field++] = value;
                start = i + 1;
            }
        }
        return field == fields.length;
    }

    /**
     * The decimal number in {@code bytes[from, to)}, NaN when it is none. Up to 15 digits and a power
     * of ten up to 22 are one exact division, so correctly rounded, as {@link Double#parseDouble}
     * would give; anything longer goes to it.
     */
    static double number(byte[] bytes, int from, int to) {
        int i = from;
        boolean negative = i < to && bytes[i] == '-';
        if (negative || i < to && bytes[i] == '+') {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean point = false;
        boolean any = false;
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '9') {
                any = true;
                if (mantissa != 0 || b != '0') {
                    digits++;
                }
                mantissa = mantissa * 10 + (b - '0');
                if (point) {
                    scale++;
                }
            } else if (b == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        int exponent = 0;
        if (i < to && (bytes[i] == 'e' || bytes[i] == 'E')) {
            int j = i + 1;
            boolean negativeExponent = j < to && bytes[j] == '-';
            if (negativeExponent || j < to && bytes[j] == '+') {
                j++;
            }
            if (j == to) {
                return Double.NaN;
            }
            for (; j < to; j++) {
                if (bytes[j] < '0' || bytes[j] > '9' || exponent > 1000) {
                    return slow(bytes, from, to);
                }
                exponent = exponent * 10 + (bytes[j] - '0');
            }
            exponent = negativeExponent ? -exponent : exponent;
            i = to;
        }
        if (i != to) {
            return slow(bytes, from, to);
        }
        if (!any) {
            return Double.NaN;
        }
        int power = exponent - scale;
        if (digits > 15 || power < -22 || power > 22) {
            return slow(bytes, from, to);
        }
        double value = power < 0 ? mantissa / POWERS[-power] : mantissa * POWERS[power];
        return negative ? -value : value;
    }

    private static final double[] POWERS = new double[23];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private static double slow(byte[] bytes, int from, int to) {
        try {
            return Double.parseDouble(new String(bytes, from, to - from, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean isNaN(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII).equals("NaN");
    }
}
