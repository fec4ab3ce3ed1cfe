package dev.mnist.core.train;

import dev.mnist.core.model.ModelFile;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Graphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A run checkpointed by the version that trained through SameDiff's fit() (see resources/old-run-lenet5) resumes exactly. */
class OldCheckpointTest {
    private static final String FIXTURE = "/old-run-lenet5/";

    @TempDir
    Path dir;

    @Test
    void aCheckpointOfTheFitBasedVersionResumesToTheWeightsOfTrainingStraight() throws IOException {
        Path data = Fixtures.idxFolder(dir.resolve("data"));
        Path run = dir.resolve("runs/old");
        Files.createDirectories(run.resolve(RunFolder.CHECKPOINTS));
        Files.writeString(run.resolve("run.json"), resource("run.json").replace("@DATA@", data.toString())
                .replace("@DIR@", run.toString()));
        Files.write(run.resolve("metrics.csv"), resource("metrics.csv").getBytes(StandardCharsets.UTF_8));
        try (InputStream in = getClass().getResourceAsStream(FIXTURE + "checkpoints/epoch-001.zip")) {
            Files.copy(in, run.resolve(RunFolder.CHECKPOINTS).resolve("epoch-001.zip"));
        }
        RunFolder old = new RunFolder(run);
        var afterOne = ModelFile.load(old.latestCheckpoint().orElseThrow()).graph();

        new Trainer(TrainingListener.NONE).resume(run, 0);
        TrainConfig config = old.readRun(TrainingRun.class).config();
        TrainingRun straight = new Trainer(TrainingListener.NONE).train(config, dir.resolve("runs"), "straight");

        var resumed = ModelFile.load(old.model()).graph();
        assertEquals(2, ModelFile.readMetadata(old.model()).epoch());
        assertNotEquals(afterOne.getArrForVarName("output_W"), resumed.getArrForVarName("output_W"), "epoch 2 trained");
        // Adam's moments and the step count come from the checkpoint: fresh ones would take other steps.
        Graphs.assertSameWeights(ModelFile.load(new RunFolder(straight.dir()).model()).graph(), resumed);
        assertEquals(new RunFolder(straight.dir()).metrics().get(1).valAccuracy(), old.metrics().get(1).valAccuracy());
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(FIXTURE + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
