package dev.mnist.core.run.tensorboard;

import dev.mnist.core.run.RunState;
import dev.mnist.core.run.tensorboard.proto.TensorBoard;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A TensorBoard event file of scalars, so {@code tensorboard --logdir runs/} (or Aim) shows a run.
 * Each event is flushed as it is written, since TensorBoard reads the file while training runs.
 */
public final class EventFile implements AutoCloseable {
    static final String FILE_VERSION = "brain.Event:2";

    private final Path path;
    private final OutputStream out;
    private boolean closed;

    private EventFile(Path path, OutputStream out) {
        this.path = path;
        this.out = out;
    }

    /**
     * A new {@code dir/events.out.tfevents.<unix seconds>.<host>.<pid>}, TensorBoard's own naming,
     * with {@code .2}, {@code .3} ... added when a file of that name exists (two in one second).
     */
    public static EventFile create(Path dir) {
        long now = System.currentTimeMillis();
        String base = "events.out.tfevents." + now / 1000 + "." + RunState.thisHost() + "." + ProcessHandle.current().pid();
        Path path = dir.resolve(base);
        try {
            Files.createDirectories(dir);
            OutputStream stream = null;
            for (int suffix = 2; stream == null; suffix++) {
                try {
                    stream = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    path = dir.resolve(base + "." + suffix);
                }
            }
            EventFile file = new EventFile(path, new BufferedOutputStream(stream));
            try {
                file.write(TensorBoard.Event.newBuilder().setWallTime(now / 1000.0).setFileVersion(FILE_VERSION).build());
            } catch (IOException e) {
                try {
                    stream.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot create the TensorBoard event file (" + e + ")", e);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * One event of the values at {@code step}, in the map's order. Non-finite values are left out
     * (TensorBoard would plot them as gaps or spikes; a val loss is NaN when there is no validation
     * split); with none left, nothing is written.
     */
    public void scalars(long step, double wallTimeSeconds, Map<String, Double> values) {
        TensorBoard.Summary.Builder summary = TensorBoard.Summary.newBuilder();
        values.forEach((tag, value) -> {
            if (value != null && Double.isFinite(value)) {
                summary.addValue(TensorBoard.Summary.Value.newBuilder().setTag(tag).setSimpleValue(value.floatValue()));
            }
        });
        if (summary.getValueCount() == 0) {
            return;
        }
        try {
            write(TensorBoard.Event.newBuilder().setWallTime(wallTimeSeconds).setStep(step).setSummary(summary).build());
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write to the TensorBoard event file (" + e + ")", e);
        }
    }

    private void write(TensorBoard.Event event) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        TfRecords.write(out, event.toByteArray());
        out.flush();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot close the TensorBoard event file (" + e + ")", e);
        }
    }
}
