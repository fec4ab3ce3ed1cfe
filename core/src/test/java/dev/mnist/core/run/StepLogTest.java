package dev.mnist.core.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** steps.csv read back as another process reads it while training appends to it. */
class StepLogTest {
    @TempDir
    Path dir;

    @Test
    void recordsReadBackExactlyAsJavaParsesThemWholeLinesOnlyFromWhereTheLastReadStopped() throws IOException {
        Path file = dir.resolve(RunFolder.STEPS);
        Random random = new Random(5);
        List<StepRecord> written = new ArrayList<>();
        StringBuilder csv = new StringBuilder(StepRecord.CSV_HEADER).append('\n');
        for (int i = 1; i <= 5_000; i++) {
            double scale = Math.pow(10, random.nextInt(30) - 20);
            StepRecord record = new StepRecord(i, i / 7.0, random.nextDouble() * scale, i % 97 == 0 ? Double.NaN : random.nextDouble() * 1e-3,
                    random.nextDouble() * 5000, 1.8e9 + random.nextDouble());
            written.add(StepRecord.parse(record.csv()));
            csv.append(record.csv()).append('\n');
        }
        Files.writeString(file, csv + "5001,714.4,0.12");
        List<StepRecord> read = new ArrayList<>();
        long offset = StepLog.read(file, 0, read::add);
        assertEquals(written, read, "the same doubles as Double.parseDouble gives, the line still being written left out");
        assertEquals(csv.length(), offset);

        Files.writeString(file, "3,0.0001,1,2\nnot a record\n", StandardOpenOption.APPEND);
        List<StepRecord> more = new ArrayList<>();
        long next = StepLog.read(file, offset, more::add);
        assertEquals(List.of(StepRecord.parse("5001,714.4,0.123,0.0001,1,2")), more);
        assertEquals(Files.size(file), next);
    }
}
