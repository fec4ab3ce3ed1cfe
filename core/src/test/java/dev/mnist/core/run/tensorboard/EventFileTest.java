package dev.mnist.core.run.tensorboard;

import dev.mnist.core.run.tensorboard.proto.TensorBoard;
import dev.mnist.core.testing.TfRecordReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the files back by the TFRecord spec, with a reader of its own rather than {@link TfRecords}. */
class EventFileTest {
    @TempDir
    Path dir;

    @Test
    void crc32cHasTheStandardCheckValue() {
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xE3069283L, crc.getValue());
    }

    @Test
    void firstEventIsTheFileVersionThenScalarsInOrderWithoutNonFinite() throws IOException {
        Path path;
        try (EventFile file = EventFile.create(dir)) {
            path = file.path();
            Map<String, Double> epoch1 = new LinkedHashMap<>();
            epoch1.put("loss/train", 0.75);
            epoch1.put("loss/val", Double.NaN);
            epoch1.put("accuracy/train", 0.9123456789);
            file.scalars(1, 1_700_000_001.5, epoch1);
            file.scalars(2, 1_700_000_002.25, Map.of("loss/train", 0.5));
            file.scalars(3, 1_700_000_003, Map.of("loss/val", Double.NaN));
        }

        List<TensorBoard.Event> events = TfRecordReader.read(Files.readAllBytes(path));
        assertEquals(3, events.size());

        TensorBoard.Event first = events.get(0);
        assertEquals("brain.Event:2", first.getFileVersion());
        assertTrue(Math.abs(first.getWallTime() - System.currentTimeMillis() / 1000.0) < 60);

        TensorBoard.Event one = events.get(1);
        assertEquals(1, one.getStep());
        assertEquals(1_700_000_001.5, one.getWallTime());
        List<TensorBoard.Summary.Value> values = one.getSummary().getValueList();
        assertEquals(List.of("loss/train", "accuracy/train"), values.stream().map(TensorBoard.Summary.Value::getTag).toList());
        assertEquals(0.75f, values.get(0).getSimpleValue());
        assertEquals((float) 0.9123456789, values.get(1).getSimpleValue());
        assertTrue(values.get(0).hasSimpleValue());

        TensorBoard.Event two = events.get(2);
        assertEquals(2, two.getStep());
        assertEquals(1_700_000_002.25, two.getWallTime());
        assertEquals(1, two.getSummary().getValueCount());
        assertEquals("loss/train", two.getSummary().getValue(0).getTag());
        assertEquals(0.5f, two.getSummary().getValue(0).getSimpleValue());
    }

    @Test
    void nameIsTensorBoardsAndTwoInOneSecondDiffer() {
        Path a = null;
        Path b = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (EventFile first = EventFile.create(dir); EventFile second = EventFile.create(dir)) {
                a = first.path();
                b = second.path();
            }
            if (seconds(a).equals(seconds(b))) {
                break;
            }
        }
        for (Path p : List.of(a, b)) {
            assertTrue(p.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d+\\..+\\.\\d+"), p.toString());
            assertEquals(dir, p.getParent());
        }
        assertNotEquals(a, b);
        assertEquals(seconds(a), seconds(b), "no two creations in one second in 5 tries");
        assertTrue(b.getFileName().toString().startsWith(a.getFileName().toString() + "."), b.toString());
    }

    @Test
    void anEventIsReadableWhileTheWriterIsOpen() throws IOException {
        try (EventFile file = EventFile.create(dir)) {
            file.scalars(7, 1_700_000_000, Map.of("loss/train", 0.25));
            List<TensorBoard.Event> events = TfRecordReader.read(Files.readAllBytes(file.path()));
            assertEquals(2, events.size());
            assertEquals(7, events.get(1).getStep());
            assertEquals(0.25f, events.get(1).getSummary().getValue(0).getSimpleValue());
        }
    }

    @Test
    void closeTwiceIsFine() {
        EventFile file = EventFile.create(dir);
        file.close();
        file.close();
    }

    @Test
    void theReaderDetectsOneCorruptByte() throws IOException {
        Path path;
        try (EventFile file = EventFile.create(dir)) {
            path = file.path();
            file.scalars(1, 1_700_000_000, Map.of("loss/train", 0.25));
        }
        byte[] bytes = Files.readAllBytes(path);
        assertEquals(2, TfRecordReader.read(bytes).size());

        long firstLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int secondData = (int) (8 + 4 + firstLength + 4 + 8 + 4);
        for (int at : new int[] {12, secondData, secondData + 3}) {
            byte[] corrupt = bytes.clone();
            corrupt[at] ^= 0x01;
            assertThrows(IOException.class, () -> TfRecordReader.read(corrupt), "byte " + at);
        }
        byte[] corruptLength = bytes.clone();
        corruptLength[0] ^= 0x01;
        assertThrows(IOException.class, () -> TfRecordReader.read(corruptLength));
    }

    private static String seconds(Path path) {
        return Arrays.asList(path.getFileName().toString().split("\\.")).get(3);
    }
}
