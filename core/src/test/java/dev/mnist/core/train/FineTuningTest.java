package dev.mnist.core.train;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.Lineage;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.model.Network;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Graphs;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --init-from}, {@code --freeze}, {@code --freeze-epochs}, {@code --body-lr-factor}: from
 * LeNet trained on real digits ({@link TrainedModel}) to real Fashion-MNIST and real digits.
 */
class FineTuningTest {
    private static final List<String> BODY = List.of("conv1_W", "conv1_b", "conv2_W", "conv2_b", "dense1_W", "dense1_b");
    private static final List<String> HEAD = List.of("output_W", "output_b");
    @TempDir
    static Path data;
    @TempDir
    Path runs;

    @BeforeAll
    static void realImages() {
        Fixtures.fashionIdxFolder(data.resolve("fashion"), 400, 100);
        Fixtures.smallIdxFolder(data.resolve("digits"), 400);
    }

    private static TrainConfig.Builder fromParent(String data) {
        return TrainConfig.builder(FineTuningTest.data.resolve(data)).initFrom(TrainedModel.run()).epochs(1).seed(9).valSplit(0.2);
    }

    private static SameDiff graph(Path model) {
        return ModelFile.load(model).graph();
    }

    private static INDArray array(SameDiff graph, String name) {
        return graph.getArrForVarName(name);
    }

    @Test
    void copiesEveryLayerThatFitsStartsTheHeadAfreshForOtherClassesAndLeavesAFrozenBodyExactlyAsItWas() {
        TrainingRun run = new Trainer(TrainingListener.NONE).train(fromParent("fashion").freeze("dense1").build(), runs, "f");
        assertEquals("lenet", run.config().model(), "the parent's architecture");
        assertEquals(List.of("conv1", "conv2", "dense1"), run.initialization().copied());
        assertEquals(List.of("logits: other classes (0 1 2 3 4 5 ... (10) in the parent; T-shirt/top Trouser Pullover Dress Coat "
                + "Sandal ... (10) here)"), run.initialization().fresh());

        SameDiff parent = graph(TrainedModel.modelZip());
        SameDiff tuned = graph(new RunFolder(run.dir()).model());
        for (String name : BODY) {
            assertEquals(array(parent, name), array(tuned, name), name + " is frozen: bit for bit the parent's");
        }
        for (String name : HEAD) {
            assertNotEquals(array(parent, name), array(tuned, name), name + " trained from a fresh start");
        }
    }

    @Test
    void sameClassesCopyTheHeadTooAndALayerOfAnotherShapeStartsAfresh() {
        TrainingRun same = new Trainer(TrainingListener.NONE).train(fromParent("digits").build(), runs, "same");
        assertEquals(List.of("conv1", "conv2", "dense1", "logits"), same.initialization().copied());
        assertEquals(List.of(), same.initialization().fresh());

        Path photos = Fixtures.colourClassFolders(data.resolve("photos"), new int[]{3, 8}, 12, 40);
        TrainingRun bigger = new Trainer(TrainingListener.NONE).train(TrainConfig.builder(photos).initFrom(TrainedModel.modelZip())
                .epochs(1).valSplit(0.25).imageSize(32).channels(3).build(), runs, "bigger");
        assertEquals(List.of("conv2"), bigger.initialization().copied());
        assertEquals(List.of("conv1: conv1_W is [5, 5, 1, 20] in the parent, [5, 5, 3, 20] here",
                "dense1: dense1_W is [800, 500] in the parent, [1250, 500] here",
                "logits: other classes (0 1 2 3 4 5 ... (10) in the parent; digit-3 digit-8 here)"), bigger.initialization().fresh());
    }

    @Test
    void batchNormalisationsRunningStatisticsComeAlong() {
        TrainingRun parent = new Trainer(TrainingListener.NONE).train(TrainConfig.builder(data.resolve("digits")).model("resnet")
                .epochs(1).valSplit(0).limit(128).build(), runs, "resnet");
        Architecture resnet = Architectures.byName("resnet");
        SameDiff fresh = resnet.trainingGraph(InputShape.MNIST, 10, 1);
        Network plan = resnet.plan(InputShape.MNIST, 10);
        Initialization initialization = ParentModel.load(parent.dir()).copyInto(fresh, plan, parent.classNames());
        assertEquals(List.of(), initialization.fresh());
        SameDiff saved = graph(new RunFolder(parent.dir()).model());
        for (Network.BatchStatistics statistics : plan.batchStatistics()) {
            for (String name : List.of(statistics.runningMean(), statistics.runningVariance())) {
                assertEquals(array(saved, name), array(fresh, name), name);
            }
        }
        assertNotEquals(0.0, array(fresh, plan.batchStatistics().get(0).runningMean()).amaxNumber().doubleValue(), "trained statistics");

        Architecture lenet = Architectures.byName("lenet");
        InvalidInputException nothing = assertThrows(InvalidInputException.class, () -> ParentModel.load(parent.dir())
                .copyInto(lenet.trainingGraph(InputShape.MNIST, 10, 1), lenet.plan(InputShape.MNIST, 10), parent.classNames()));
        assertTrue(nothing.getMessage().contains("no layer of this resnet fits the network being trained"), nothing.getMessage());
    }

    @Test
    void imagesOfAnotherSizeThanTheParentsAreAClearErrorUnlessThatSizeIsAskedFor() {
        Path photos = Fixtures.colourClassFolders(data.resolve("small-photos"), new int[]{1, 7}, 8, 36);
        TrainingRun parent = new Trainer(TrainingListener.NONE).train(TrainConfig.builder(photos).epochs(1).valSplit(0)
                .imageSize(32).build(), runs, "parent32");
        TrainConfig idx = TrainConfig.builder(data.resolve("digits")).initFrom(parent.dir()).epochs(1).build();
        assertEquals(32, idx.imageSize(), "the parent's size is the default");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Trainer(TrainingListener.NONE).train(idx, runs, "x"));
        assertTrue(e.getMessage().startsWith(data.resolve("digits") + ": its images come as 1x28x28; "
                + new RunFolder(parent.dir()).model().toAbsolutePath() + " takes 1x32x32. Give --image-size"), e.getMessage());

        TrainingRun asked = new Trainer(TrainingListener.NONE).train(idx.toBuilder().imageSize(28).build(), runs, "asked");
        assertEquals(List.of("conv1", "conv2"), asked.initialization().copied());
    }

    @Test
    void freezeEpochsTrainsTheHeadAloneThenEverythingAndResumesExactlyInEitherPhase() {
        TrainConfig config = fromParent("fashion").epochs(2).freezeEpochs(1).bodyLrFactor(0.5).keep(5).build();
        TrainingRun straight = new Trainer(TrainingListener.NONE).train(config, runs, "straight");
        RunFolder folder = new RunFolder(straight.dir());
        SameDiff parent = graph(TrainedModel.modelZip());
        SameDiff afterFirst = graph(folder.checkpoint(1));
        SameDiff afterSecond = graph(folder.model());
        for (String name : BODY) {
            assertEquals(array(parent, name), array(afterFirst, name), name + " frozen in epoch 1");
            assertNotEquals(array(afterFirst, name), array(afterSecond, name), name + " trains in epoch 2");
        }
        assertNotEquals(array(parent, "output_W"), array(afterFirst, "output_W"));

        for (int stopEpoch : new int[]{1, 2}) {
            Trainer stopping = StoppingTrainer.after(stopEpoch, 2 * 64);
            String name = "stopped-" + stopEpoch;
            assertThrows(TrainingStoppedException.class, () -> stopping.train(config, runs, name));
            new Trainer(TrainingListener.NONE).resume(runs.resolve(name), 0);
            Graphs.assertSameWeights(afterSecond, graph(new RunFolder(runs.resolve(name)).model()));
        }
    }

    @Test
    void theRunAndItsModelsRecordTheParentByPathAndWeightsHashBackToTheFirstModel() throws Exception {
        TrainingRun child = new Trainer(TrainingListener.NONE).train(fromParent("fashion").build(), runs, "child");
        Path parentZip = TrainedModel.modelZip().toAbsolutePath().normalize();
        Lineage expected = new Lineage(parentZip, sha256OfWeights(parentZip), "lenet", 10, 2, null);
        TrainingRun written = Json.MAPPER.readValue(new RunFolder(child.dir()).dir().resolve("run.json").toFile(), TrainingRun.class);
        assertEquals(expected, written.parent());
        ModelMetadata model = ModelFile.readMetadata(new RunFolder(child.dir()).model());
        assertEquals(expected, model.parent());
        assertEquals(expected, ModelFile.readMetadata(new RunFolder(child.dir()).checkpoint(1)).parent());
        assertNull(ModelFile.readMetadata(parentZip).parent(), "trained from scratch");

        TrainingRun grandchild = new Trainer(TrainingListener.NONE).train(TrainConfig.builder(data.resolve("fashion"))
                .initFrom(child.dir()).epochs(1).build(), runs, "grandchild");
        Lineage parent = ModelFile.readMetadata(new RunFolder(grandchild.dir()).model()).parent();
        assertEquals(new RunFolder(child.dir()).model().toAbsolutePath().normalize(), parent.model());
        assertEquals(expected, parent.parent());
        assertEquals(List.of("conv1", "conv2", "dense1", "logits"), grandchild.initialization().copied(), "same classes");
    }

    private static String sha256OfWeights(Path zipFile) throws Exception {
        try (ZipFile zip = new ZipFile(zipFile.toFile()); InputStream in = zip.getInputStream(zip.getEntry("weights.bin"))) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }

    @Test
    void aFreezeThatNamesNoLayerOrLeavesNothingToTrainIsRefused() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> fromParent("digits").freeze("conv9").build());
        assertEquals("--freeze: lenet has no layer 'conv9'; its layers are conv1, pool1, conv2, pool2, dense1, logits, probabilities",
                unknown.getMessage());
        IllegalArgumentException all = assertThrows(IllegalArgumentException.class, () -> fromParent("digits").freeze("logits").build());
        assertEquals("--freeze logits leaves no layer to train", all.getMessage());
        InvalidInputException notAModel = assertThrows(InvalidInputException.class,
                () -> TrainConfig.builder(data).initFrom(data.resolve("digits")).build());
        assertTrue(notAModel.getMessage().endsWith("not a run folder (no model.zip inside)"), notAModel.getMessage());
    }
}
