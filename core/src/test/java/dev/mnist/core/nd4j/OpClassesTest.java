package dev.mnist.core.nd4j;

import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.NetworkBuilder.Activation;
import dev.mnist.core.model.NetworkBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graphs' own op classes through saving, loading and differentiating; older graphs without them. */
class OpClassesTest {
    @TempDir
    Path dir;

    private static Set<Class<?>> opClasses(SameDiff sd) {
        return sd.getOps().values().stream().map(SameDiffOp::getOp).map(Object::getClass).collect(Collectors.toSet());
    }

    private SameDiff savedAndLoaded(SameDiff sd, String name) {
        File file = dir.resolve(name).toFile();
        sd.save(file, false);
        return SameDiff.load(file, false);
    }

    private static void assertSameGradients(SameDiff expected, SameDiff actual, Map<String, INDArray> inputs, List<String> weights) {
        Map<String, INDArray> before = expected.calculateGradients(inputs, weights);
        Map<String, INDArray> after = actual.calculateGradients(inputs, weights);
        for (String w : weights) {
            assertTrue(before.get(w).amaxNumber().doubleValue() > 0, w + "'s gradient is not all zeros");
            assertEquals(before.get(w), after.get(w), w);
        }
    }

    @Test
    void theBuildersActivationsAreNd4jsDeclarableOpsAndSurviveSavingAndLoading() {
        SameDiff sd = NetworkBuilder.training(new InputShape(1, 4, 4), 3, 7)
                .conv("c", 2, 3, Activation.TANH).dense("d", 5, Activation.RELU).classifier(3).graph();
        Set<Class<?>> classes = opClasses(sd);
        assertTrue(classes.contains(DeclarableTanh.class) && classes.contains(DeclarableRelu.class), classes.toString());
        assertFalse(classes.contains(Tanh.class) || classes.contains(RectifiedLinear.class), classes.toString());

        SameDiff loaded = savedAndLoaded(sd, "graph.sdz");
        Set<Class<?>> loadedClasses = opClasses(loaded);
        assertTrue(loadedClasses.contains(DeclarableTanh.class) && loadedClasses.contains(DeclarableRelu.class), loadedClasses.toString());
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 2, 3);
        labels.putScalar(0, 1, 1);
        labels.putScalar(1, 2, 1);
        assertSameGradients(sd, loaded, Map.of(GraphNames.INPUT, Nd4j.linspace(-1, 1, 32, DataType.FLOAT).reshape(2, 1, 4, 4),
                GraphNames.LABEL, labels), List.of("c_W", "c_b", "d_W", "d_b"));
    }

    @Test
    void aGraphWithSameDiffsOwnTanhAndReluStillLoadsAndDifferentiates() {
        Nd4jWorkarounds.install();
        // As graphs saved before this toolkit had its own activation ops.
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable w = sd.var("w", Nd4j.linspace(-1, 1, 12, DataType.FLOAT).reshape(4, 3));
        SDVariable hidden = sd.nn().tanh("hidden", x.mmul(w));
        sd.nn().relu("out", hidden.sub(0.1), 0).sum("loss");
        sd.setLossVariables("loss");
        assertTrue(opClasses(sd).contains(Tanh.class) && opClasses(sd).contains(RectifiedLinear.class), opClasses(sd).toString());

        SameDiff loaded = savedAndLoaded(sd, "old.sdz");
        assertTrue(opClasses(loaded).contains(Tanh.class) && opClasses(loaded).contains(RectifiedLinear.class), opClasses(loaded).toString());
        assertSameGradients(sd, loaded, Map.of("x", Nd4j.linspace(-2, 2, 8, DataType.FLOAT).reshape(2, 4)), List.of("w"));
    }
}
