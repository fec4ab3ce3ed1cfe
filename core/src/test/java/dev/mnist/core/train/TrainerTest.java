package dev.mnist.core.train;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.augment.Augmentation;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.nd4j.ComputeThreads;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Graphs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Really trains LeNet on real MNIST digits: 2,000 for training, 500 held out. */
class TrainerTest {
    @TempDir
    static Path data;
    @TempDir
    Path runs;

    @BeforeAll
    static void realDigits() {
        Fixtures.smallIdxFolder(data, 2_500);
    }

    private static TrainConfig config(int epochs) {
        return TrainConfig.builder(data).epochs(epochs).lrPolicy(LearningRatePolicy.legacy("STEP")).valSplit(0.2).build();
    }

    /** A few hundred images, SGD at a fixed rate, seed 3: a run that takes a second or two. */
    private static TrainConfig smallSgd(int epochs, int limit) {
        return TrainConfig.builder(data).epochs(epochs).optimizer(Optimizer.SGD).seed(3).valSplit(0.2).limit(limit)
                .lrPolicy(LearningRatePolicy.FIXED).build();
    }

    @Test
    void learnsRealDigitsWellAboveChanceAndWritesTheRunFolder() throws IOException {
        TrainingRun run = new Trainer(TrainingListener.NONE).train(config(2), runs, "small");
        assertEquals(2_000, run.trainImages());
        assertEquals(500, run.validationImages());
        RunFolder folder = new RunFolder(run.dir());
        List<EpochMetrics> metrics = folder.metrics();
        assertEquals(2, metrics.size());
        assertTrue(metrics.get(1).valAccuracy() > 0.75, "held-out accuracy " + metrics.get(1).valAccuracy());
        assertTrue(metrics.get(1).trainLoss() < metrics.get(0).trainLoss() + 0.5 && metrics.get(1).trainLoss() > 0);
        assertEquals(TrainConfig.DEFAULT_LEARNING_RATE, metrics.get(0).learningRate(), 1e-12);

        ModelMetadata model = ModelFile.readMetadata(folder.model());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), model.classNames());
        assertEquals(2, model.epoch());
        assertTrue(Files.exists(folder.best()));
        assertEquals(List.of(folder.checkpoint(1), folder.checkpoint(2)), folder.checkpoints());
        assertEquals(run.dir().getFileName(), Files.readSymbolicLink(runs.resolve("latest")));
        assertTrue(Files.readString(run.dir().resolve("run.json")).contains("\"seed\" : 42"));
    }

    @Test
    void oneEpochPlusResumeEqualsTwoEpochsStraight() {
        TrainConfig small = TrainConfig.builder(data).epochs(2).lrPolicy(LearningRatePolicy.legacy("STEP")).seed(7).valSplit(0.2).limit(1_000).build();
        TrainingRun straight = new Trainer(TrainingListener.NONE).train(small, runs, "straight");
        TrainingRun first = new Trainer(TrainingListener.NONE).train(small.withEpochs(1), runs, "split");
        SameDiff afterOne = ModelFile.load(new RunFolder(first.dir()).model()).graph();
        new Trainer(TrainingListener.NONE).resume(first.dir(), 2);

        SameDiff expected = ModelFile.load(new RunFolder(straight.dir()).model()).graph();
        SameDiff resumed = ModelFile.load(new RunFolder(first.dir()).model()).graph();
        for (SDVariable variable : expected.variables()) {
            if (variable.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                String name = variable.name();
                assertEquals(expected.getArrForVarName(name), resumed.getArrForVarName(name), name);
                assertNotEquals(afterOne.getArrForVarName(name), resumed.getArrForVarName(name), name + " changed in epoch 2");
            }
        }
        assertEquals(new RunFolder(straight.dir()).metrics().get(1).valAccuracy(),
                new RunFolder(first.dir()).metrics().get(1).valAccuracy());
    }

    @Test
    void stoppedMidEpochThenResumedEqualsTrainingStraight() {
        TrainConfig small = TrainConfig.builder(data).epochs(2).lrPolicy(LearningRatePolicy.legacy("EXPONENTIAL")).seed(11).valSplit(0.2).limit(1_000).keep(5).build();
        TrainingRun straight = new Trainer(TrainingListener.NONE).train(small, runs, "straight");

        // Stop as a signal would, 5 batches into the second epoch.
        Trainer stopping = StoppingTrainer.after(2, 5 * 64);
        TrainingStoppedException stopped = assertThrows(TrainingStoppedException.class, () -> stopping.train(small, runs, "stopped"));
        RunFolder folder = new RunFolder(runs.resolve("stopped"));
        assertEquals(folder.checkpoint(1, 5), stopped.checkpoint());
        assertEquals(folder.checkpoint(1, 5), folder.latestCheckpoint().orElseThrow());
        assertEquals(5, ModelFile.readMetadata(stopped.checkpoint()).batchesDone());
        assertFalse(Files.exists(folder.model()), "no final model from a stopped run");

        new Trainer(TrainingListener.NONE).resume(folder.dir(), 0);
        SameDiff expected = ModelFile.load(new RunFolder(straight.dir()).model()).graph();
        SameDiff resumed = ModelFile.load(folder.model()).graph();
        Graphs.assertSameWeights(expected, resumed);
        assertEquals(new RunFolder(straight.dir()).metrics().get(1).valAccuracy(), folder.metrics().get(1).valAccuracy());
    }

    @Test
    void augmentedTrainingStoppedMidEpochThenResumedEqualsTrainingStraight() throws IOException {
        Augmentation augmentation = new Augmentation(24, Augmentation.Flip.NONE, 10, 0.1, 0.1, 5, false, true);
        TrainConfig small = TrainConfig.builder(data).epochs(2).seed(5).valSplit(0.2).limit(640).augmentation(augmentation).build();
        TrainingRun straight = new Trainer(TrainingListener.NONE).train(small, runs, "straight");
        Trainer stopping = StoppingTrainer.after(2, 3 * 64);
        assertThrows(TrainingStoppedException.class, () -> stopping.train(small, runs, "stopped"));
        RunFolder folder = new RunFolder(runs.resolve("stopped"));
        new Trainer(TrainingListener.NONE).resume(folder.dir(), 0);
        Graphs.assertSameWeights(ModelFile.load(new RunFolder(straight.dir()).model()).graph(), ModelFile.load(folder.model()).graph());
        ModelMetadata model = ModelFile.readMetadata(folder.model());
        assertEquals(new InputShape(1, 24, 24), model.inputShape());
        assertEquals(new InputContract.CropFrom(28, 28), model.input().cropFrom());
        assertTrue(Files.size(new RunFolder(straight.dir()).augmented()) > 0, "augmented.png shows what the network sees");

        // validation sees the centre window, whatever the epoch: no augmentation
        TrainingData set = TrainingData.load(small, null);
        byte[] image = set.images().image(set.validationIndices()[0]);
        byte[] centre = new byte[576];
        byte[] viewed = new byte[576];
        set.augmenter().centre(image, 0, centre, 0);
        set.validationView().write(image, 0, viewed, 0);
        assertArrayEquals(centre, viewed);
        byte[] trained = new byte[576];
        set.trainingView(5, 1).write(image, 0, trained, 0);
        assertNotEquals(java.util.Arrays.toString(centre), java.util.Arrays.toString(trained));
    }

    @Test
    void everyPolicyWarmupWeightDecayAndSmoothingResumeExactly() {
        for (LearningRatePolicy.Policy policy : new LearningRatePolicy.Policy[]{LearningRatePolicy.Policy.COSINE,
                LearningRatePolicy.Policy.ONECYCLE, LearningRatePolicy.Policy.MULTISTEP}) {
            TrainConfig small = TrainConfig.builder(data).epochs(2).seed(3).valSplit(0.2).limit(320)
                    .lrPolicy(new LearningRatePolicy(policy, 0.5, 1, List.of(1), 0.5)).weightDecay(0.001).labelSmoothing(0.1)
                    .build();
            TrainingRun straight = new Trainer(TrainingListener.NONE).train(small, runs, "straight-" + policy);
            Trainer stopping = StoppingTrainer.after(2, 64);
            assertThrows(TrainingStoppedException.class, () -> stopping.train(small, runs, "stopped-" + policy));
            RunFolder folder = new RunFolder(runs.resolve("stopped-" + policy));
            new Trainer(TrainingListener.NONE).resume(folder.dir(), 0);
            Graphs.assertSameWeights(ModelFile.load(new RunFolder(straight.dir()).model()).graph(),
                    ModelFile.load(folder.model()).graph());
        }
    }

    @Test
    void anAccumulatedClippedRunStopsOnlyBetweenStepsAndResumesExactly() {
        // 320 training images: 5 batches of 64, steps of 2, 2 and the epoch's last 1.
        TrainConfig small = TrainConfig.builder(data).epochs(2).seed(4).valSplit(0.2).limit(400).accumulate(2).clipGradNorm(0.5)
                .weightDecay(0.001).build();
        TrainingRun straight = new Trainer(TrainingListener.NONE).train(small, runs, "straight");
        Trainer stopping = StoppingTrainer.after(2, 64);
        TrainingStoppedException stopped = assertThrows(TrainingStoppedException.class, () -> stopping.train(small, runs, "stopped"));
        assertEquals(2, ModelFile.readMetadata(stopped.checkpoint()).batchesDone(), "the step's second batch is trained first");
        RunFolder folder = new RunFolder(runs.resolve("stopped"));
        new Trainer(TrainingListener.NONE).resume(folder.dir(), 0);
        SameDiff expected = ModelFile.load(new RunFolder(straight.dir()).model()).graph();
        Graphs.assertSameWeights(expected, ModelFile.load(folder.model()).graph());

        TrainConfig plain = small.toBuilder().accumulate(1).clipGradNorm(0).build();
        SameDiff unaccumulated = ModelFile.load(new RunFolder(new Trainer(TrainingListener.NONE).train(plain, runs, "plain").dir())
                .model()).graph();
        assertNotEquals(expected.getArrForVarName("output_W"), unaccumulated.getArrForVarName("output_W"));
    }

    @Test
    void aRunWhoseRateSpansItsEpochsCannotBeLengthened() {
        TrainConfig cosine = TrainConfig.builder(data).epochs(1).seed(3).valSplit(0.2).limit(200)
                .lrPolicy(new LearningRatePolicy(LearningRatePolicy.Policy.COSINE, 1, 1, List.of(), 0)).build();
        TrainingRun run = new Trainer(TrainingListener.NONE).train(cosine, runs, "c");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Trainer(TrainingListener.NONE).resume(run.dir(), 3));
        assertTrue(e.getMessage().endsWith("its cosine learning rate is laid out over its 1 epochs; it cannot be resumed to another "
                + "number (train a new run with --epochs 3)"), e.getMessage());
    }

    @Test
    void aFinishedRunOrOneWithItsModelButNoCheckpointsIsNotTrainedAgainOnResume() throws IOException {
        TrainConfig small = smallSgd(2, 200);
        TrainingRun run = new Trainer(TrainingListener.NONE).train(small, runs, "done");
        RunFolder folder = new RunFolder(run.dir());
        byte[] model = Files.readAllBytes(folder.model());
        InvalidInputException fewer = assertThrows(InvalidInputException.class, () -> new Trainer(TrainingListener.NONE).resume(run.dir(), 1));
        assertEquals(run.dir() + ": has already trained 2 epochs and --epochs 1 asks for no more; --epochs 3 or more trains on",
                fewer.getMessage());
        InvalidInputException finished = assertThrows(InvalidInputException.class, () -> new Trainer(TrainingListener.NONE).resume(run.dir(), 0));
        assertTrue(finished.getMessage().endsWith("has already trained 2 epochs, all of its 2; --epochs 3 or more trains on"),
                finished.getMessage());

        try (java.util.stream.Stream<Path> checkpoints = Files.list(run.dir().resolve(RunFolder.CHECKPOINTS))) {
            for (Path checkpoint : checkpoints.toList()) {
                Files.delete(checkpoint);
            }
        }
        InvalidInputException gone = assertThrows(InvalidInputException.class, () -> new Trainer(TrainingListener.NONE).resume(run.dir(), 3));
        assertTrue(gone.getMessage().contains("holds no checkpoint, so it cannot be resumed"), gone.getMessage());
        assertArrayEquals(model, Files.readAllBytes(folder.model()), "model.zip is as it was");

        Files.delete(folder.model());
        new Trainer(TrainingListener.NONE).resume(run.dir(), 0);
        assertTrue(Files.exists(folder.model()), "with neither, the run starts again and makes its model");
    }

    @Test
    void threadsLimitsTheMathToThatManyCpuThreadsWhileTrainingOnly() throws IOException {
        int before = ComputeThreads.ofCurrentThread();
        TrainConfig oneThread = TrainConfig.builder(data).epochs(1).optimizer(Optimizer.SGD).seed(3).threads(1).valSplit(0.2).limit(300).build();
        List<Integer> during = new ArrayList<>();
        TrainingRun run = new Trainer(new TrainingListener() {
            @Override
            public void batchDone(int epoch, int imagesDone, int images, double runningLoss) {
                during.add(ComputeThreads.ofCurrentThread());
            }
        }).train(oneThread, runs, "one-thread");
        assertFalse(during.isEmpty());
        assertTrue(during.stream().allMatch(threads -> threads == 1), during.toString());
        assertEquals(before, ComputeThreads.ofCurrentThread(), "the caller's thread count is restored");
        assertTrue(Files.readString(run.dir().resolve("run.json")).contains(", 1 threads)"));
    }

    @Test
    void resumeIgnoresAHalfWrittenCheckpointAndRejectsACorruptOne() throws IOException {
        TrainConfig small = smallSgd(1, 300);
        TrainingRun run = new Trainer(TrainingListener.NONE).train(small, runs, "r");
        RunFolder folder = new RunFolder(run.dir());
        Files.writeString(folder.checkpoint(2).resolveSibling(".epoch-002.zip.1234abcd.tmp"), "half");
        assertEquals(folder.checkpoint(1), folder.latestCheckpoint().orElseThrow());

        Files.writeString(folder.checkpoint(1), "not a zip");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Trainer(TrainingListener.NONE).resume(run.dir(), 2));
        assertEquals(folder.checkpoint(1) + ": not a model file (not a zip archive, or a truncated one)", e.getMessage());
    }

    @Test
    void resumeOnDataWithOtherClassesIsAClearError() throws IOException {
        TrainConfig small = smallSgd(2, 200);
        TrainingRun run = new Trainer(TrainingListener.NONE).train(small.withEpochs(1), runs, "r");
        // The run's data is replaced by two class folders of the same digits.
        Path folders = runs.resolve("two-classes");
        for (String name : List.of("a", "b")) {
            dev.mnist.core.testing.Images.write(dev.mnist.core.testing.Images.digit(0), "png", folders.resolve(name).resolve("0.png"));
            dev.mnist.core.testing.Images.write(dev.mnist.core.testing.Images.digit(1), "png", folders.resolve(name).resolve("1.png"));
        }
        Path runJson = run.dir().resolve(RunFolder.RUN_JSON);
        Files.writeString(runJson, Files.readString(runJson).replace("\"" + data.toAbsolutePath() + "\"", "\"" + folders.toAbsolutePath() + "\""));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Trainer(TrainingListener.NONE).resume(run.dir(), 2));
        assertTrue(e.getMessage().endsWith("model is for 1x28x28 images and 10 classes; the data has 1x28x28 and 2"), e.getMessage());
    }

    @Test
    void stopsEarlyWhenValidationAccuracyStallsAndKeepsTheBest() {
        // A learning rate this small leaves the weights as they are, so validation accuracy never improves on epoch 1's.
        TrainConfig wild = TrainConfig.builder(data).epochs(6).learningRate(1e-12).optimizer(Optimizer.SGD).seed(5).valSplit(0.2)
                .limit(600).keep(2).patience(2).build();
        int[] stoppedAt = {0};
        TrainingRun run = new Trainer(new TrainingListener() {
            @Override
            public void stoppedEarly(int epoch, int patience) {
                stoppedAt[0] = epoch;
            }
        }).train(wild, runs, "wild");
        RunFolder folder = new RunFolder(run.dir());
        List<EpochMetrics> metrics = folder.metrics();
        assertEquals(3, stoppedAt[0], "stopped after 2 epochs without improvement");
        assertEquals(stoppedAt[0], metrics.size());
        EpochMetrics best = metrics.stream().max(java.util.Comparator.comparingDouble(EpochMetrics::valAccuracy)).orElseThrow();
        assertEquals(stoppedAt[0] - 2, best.epoch());
        assertEquals(best.epoch(), ModelFile.readMetadata(folder.best()).epoch());
    }

    @Test
    void aDivergedRunStopsWithAClearErrorSavesNothingAndLeavesLatestAlone() throws IOException {
        TrainConfig good = TrainConfig.builder(data).epochs(1).optimizer(Optimizer.SGD).seed(3).valSplit(0.2).limit(300).build();
        new Trainer(TrainingListener.NONE).train(good, runs, "good");
        TrainConfig wild = good.toBuilder().epochs(2).learningRate(1e30).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(TrainingListener.NONE).train(wild, runs, "wild"));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 1 (batch "), e.getMessage());
        assertTrue(e.getMessage().endsWith("Try a lower --lr than 1.0E30"), e.getMessage());
        RunFolder folder = new RunFolder(runs.resolve("wild"));
        assertFalse(Files.exists(folder.model()));
        assertFalse(Files.exists(folder.best()));
        assertTrue(folder.checkpoints().isEmpty());
        assertEquals(Path.of("good"), Files.readSymbolicLink(runs.resolve("latest")), "latest still names the run with a model");

        // Without validation, ruined by an epoch's last update (one batch an epoch; Adam steps every weight by about the
        // learning rate, 1e38): caught before anything is saved.
        TrainConfig unchecked = good.toBuilder().optimizer(Optimizer.ADAM).learningRate(1e38).valSplit(0).batchSize(300).build();
        TrainingDivergedException ruined = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(TrainingListener.NONE).train(unchecked, runs, "unchecked"));
        assertTrue(ruined.getMessage().startsWith("training diverged in epoch 1 (its last update)"), ruined.getMessage());
        RunFolder uncheckedFolder = new RunFolder(runs.resolve("unchecked"));
        assertFalse(Files.exists(uncheckedFolder.model()));
        assertTrue(uncheckedFolder.checkpoints().isEmpty());
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointResumesFromTheStartOrIsTrainedAgain() throws IOException {
        TrainConfig small = smallSgd(1, 300);
        TrainingRun straight = new Trainer(TrainingListener.NONE).train(small, runs, "straight");
        TrainingRun killed = new Trainer(TrainingListener.NONE).train(small, runs, "killed");
        RunFolder folder = new RunFolder(killed.dir());
        // What a kill in epoch 1 leaves: run.json and no model, checkpoint or metrics.
        for (Path file : List.of(folder.model(), folder.best(), folder.checkpoint(1), folder.dir().resolve(RunFolder.METRICS))) {
            Files.delete(file);
        }
        new Trainer(TrainingListener.NONE).resume(folder.dir(), 0);
        SameDiff expected = ModelFile.load(new RunFolder(straight.dir()).model()).graph();
        SameDiff resumed = ModelFile.load(folder.model()).graph();
        Graphs.assertSameWeights(expected, resumed);
        for (Path file : List.of(folder.model(), folder.best(), folder.checkpoint(1))) {
            Files.delete(file);
        }
        assertTrue(Files.exists(new Trainer(TrainingListener.NONE).train(small, runs, "killed").dir().resolve(RunFolder.MODEL)));
        InvalidInputException taken = assertThrows(InvalidInputException.class,
                () -> new Trainer(TrainingListener.NONE).train(small, runs, "killed"));
        assertTrue(taken.getMessage().endsWith("a run of that name exists; choose another --run or --resume it"), taken.getMessage());
    }

    @Test
    void aRunFolderInUseByAnotherTrainingIsAClearError() throws IOException {
        TrainConfig small = TrainConfig.builder(data).epochs(1).optimizer(Optimizer.SGD).seed(3).valSplit(0.2).limit(200).build();
        Path busy = Files.createDirectories(runs.resolve("busy"));
        try (RunFolder.Lock held = new RunFolder(busy).lock()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new Trainer(TrainingListener.NONE).train(small, runs, "busy"));
            assertEquals(busy + ": another mnist is training in this run folder; wait for it, or use another --run", e.getMessage());
        }
        assertTrue(Files.exists(new Trainer(TrainingListener.NONE).train(small, runs, "busy").dir().resolve(RunFolder.MODEL)));
    }

    @Test
    void askingForAGpuWithoutOneIsAClearError() {
        // The CUDA build (-Pcuda) says why it has no GPU to run on; it can only be asked where there is none.
        boolean cuda = Backend.cudaBundled();
        assumeTrue(!cuda || !Nd4j.getBackend().getClass().getSimpleName().equals("JCublasBackend"), "a CUDA build running on a GPU");
        TrainConfig gpu = TrainConfig.builder(data).epochs(1).seed(1).device(Device.GPU).valSplit(0.2).limit(100).build();
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> new Trainer(TrainingListener.NONE).train(gpu, runs, "gpu"));
        assertTrue(e.getMessage().startsWith(cuda ? "--device gpu: no " : "--device gpu: this build has no CUDA backend"),
                e.getMessage());
        assertFalse(Files.exists(runs.resolve("gpu")));
    }

    @Test
    void aFolderThatIsNoDataSetIsAClearError() throws IOException {
        Path empty = Files.createDirectories(runs.resolve("empty"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Trainer(TrainingListener.NONE).train(config(1).toBuilder().data(empty).build(), runs, "x"));
        assertTrue(e.getMessage().endsWith("neither an IDX folder (train-images-idx3-ubyte[.gz]) nor class folders of images (<class>/<image>.png)"));
    }
}
