package dev.mnist.core.train;

import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.RunState;
import dev.mnist.core.run.StepLog;
import dev.mnist.core.run.StepRecord;
import dev.mnist.core.run.tensorboard.proto.TensorBoard;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.TfRecordReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a run records as it trains, for the board and TensorBoard: steps.csv, state.json and the event file. */
class RunRecordsTest {
    @TempDir
    static Path data;
    @TempDir
    Path runs;

    @BeforeAll
    static void realDigits() {
        Fixtures.smallIdxFolder(data, 400);
    }

    /** 240 training images in batches of 4: 60 batches an epoch. */
    private static TrainConfig small(int epochs) {
        return TrainConfig.builder(data).epochs(epochs).optimizer(Optimizer.SGD).seed(3).valSplit(0.2).limit(300).batchSize(4)
                .lrPolicy(LearningRatePolicy.FIXED).build();
    }

    private static List<StepRecord> steps(RunFolder folder) throws IOException {
        List<StepRecord> records = new ArrayList<>();
        StepLog.read(folder.steps(), 0, records::add);
        return records;
    }

    private static List<TensorBoard.Event> events(RunFolder folder) throws IOException {
        List<TensorBoard.Event> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder.dir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList()) {
                events.addAll(TfRecordReader.read(file));
            }
        }
        return events;
    }

    private static List<Float> values(List<TensorBoard.Event> events, String tag) {
        return events.stream().filter(TensorBoard.Event::hasSummary).flatMap(e -> e.getSummary().getValueList().stream())
                .filter(v -> v.getTag().equals(tag)).map(TensorBoard.Summary.Value::getSimpleValue).toList();
    }

    private static void assertStrictlyIncreasing(List<StepRecord> records) {
        for (int i = 1; i < records.size(); i++) {
            assertTrue(records.get(i).step() > records.get(i - 1).step(), "step " + records.get(i).step() + " after " + records.get(i - 1).step());
        }
    }

    @Test
    void aFinishedRunRecordsFiftyStepsAnEpochAndTheSameInItsTensorBoardFile() throws IOException {
        TrainingRun run = new Trainer(TrainingListener.NONE).train(small(2), runs, "r");
        RunFolder folder = new RunFolder(run.dir());

        List<StepRecord> records = steps(folder);
        assertTrue(records.stream().filter(r -> r.epoch() <= 1).count() >= StepRecorder.PER_EPOCH, records.size() + " records");
        assertTrue(records.stream().filter(r -> r.epoch() > 1).count() >= StepRecorder.PER_EPOCH, records.size() + " records");
        assertStrictlyIncreasing(records);
        assertEquals(120, records.get(records.size() - 1).step());
        assertEquals(2.0, records.get(records.size() - 1).epoch(), 1e-9);
        assertTrue(records.stream().allMatch(r -> r.loss() > 0 && Double.isFinite(r.loss()) && r.imagesPerSecond() > 0));
        assertTrue(records.stream().allMatch(r -> r.learningRate() == TrainConfig.DEFAULT_LEARNING_RATE));

        RunState state = folder.readState().orElseThrow();
        assertEquals(RunState.Status.FINISHED, state.status());
        assertEquals(ProcessHandle.current().pid(), state.pid());
        assertEquals(state, state.seen(), "a finished run is seen as it is");

        List<TensorBoard.Event> events = events(folder);
        assertEquals("brain.Event:2", events.get(0).getFileVersion());
        List<Float> losses = values(events, "train/loss");
        assertEquals(records.size(), losses.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(records.get(i).loss(), losses.get(i), 1e-4 * records.get(i).loss());
        }
        List<EpochMetrics> metrics = folder.metrics();
        List<Float> accuracies = values(events, "epoch/val_accuracy");
        assertEquals(2, accuracies.size());
        assertEquals(metrics.get(1).valAccuracy(), accuracies.get(1), 1e-6);
    }

    @Test
    void aStoppedRunSaysSoAndItsResumedRecordsGoOnWithoutRepeatingAStep() throws IOException {
        Trainer stopping = StoppingTrainer.after(2, 20 * 4);
        assertThrows(TrainingStoppedException.class, () -> stopping.train(small(2), runs, "s"));
        RunFolder folder = new RunFolder(runs.resolve("s"));
        RunState stopped = folder.readState().orElseThrow();
        assertEquals(RunState.Status.STOPPED, stopped.status());
        assertTrue(stopped.reason().contains("mnist train --resume"), stopped.reason());
        assertEquals(80, steps(folder).get(steps(folder).size() - 1).step(), "recorded up to the stop");

        new Trainer(TrainingListener.NONE).resume(folder.dir(), 0);
        RunState finished = folder.readState().orElseThrow();
        assertEquals(RunState.Status.FINISHED, finished.status());
        assertEquals(stopped.started(), finished.started(), "a resumed run keeps its first start");
        List<StepRecord> records = steps(folder);
        assertStrictlyIncreasing(records);
        assertEquals(120, records.get(records.size() - 1).step());
    }

    @Test
    void aDivergedRunSaysSo() {
        TrainConfig wild = small(1).toBuilder().learningRate(1e30).build();
        assertThrows(TrainingDivergedException.class, () -> new Trainer(TrainingListener.NONE).train(wild, runs, "wild"));
        RunState state = new RunFolder(runs.resolve("wild")).readState().orElseThrow();
        assertEquals(RunState.Status.DIVERGED, state.status());
        assertTrue(state.reason().startsWith("training diverged in epoch 1"), state.reason());
    }

    @Test
    void aRunningStateWhoseProcessIsGoneIsSeenAsStopped() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        RunState alive = RunState.running(null, 0);
        assertEquals(RunState.Status.RUNNING, alive.seen().status(), "this process is alive");
        RunState dead = new RunState(RunState.Status.RUNNING, null, gone.pid(), alive.processStarted(), alive.host(),
                alive.started(), alive.heartbeat(), 0);
        assertEquals(RunState.Status.STOPPED, dead.seen().status());
        assertTrue(dead.seen().reason().contains("ended without a word"), dead.seen().reason());
        RunState reused = new RunState(RunState.Status.RUNNING, null, alive.pid(), "2001-01-01T00:00:00Z", alive.host(),
                alive.started(), alive.heartbeat(), 0);
        assertEquals(RunState.Status.STOPPED, reused.seen().status(), "a process id handed to another process since");
        RunState elsewhere = new RunState(RunState.Status.RUNNING, null, 1, null, "another-host.invalid", alive.started(),
                java.time.Instant.now().minus(RunState.STALE).minusSeconds(1).toString(), 0);
        assertEquals(RunState.Status.STOPPED, elsewhere.seen().status(), "no heartbeat from another machine for too long");
    }
}
