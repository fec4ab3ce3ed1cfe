package dev.mnist.core.nd4j;

import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Graphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pooling ops on ND4J's own kernels give the gradients oneDNN's give, on real digits; they run
 * there on CPUs without oneDNN's {@code avx512_core}.
 */
class PlainPoolingTest {
    private static final int BATCH = 32;

    @Test
    void onlyCpusWithAvx512CoreKeepPoolingOnOneDnn(@TempDir Path folder) throws IOException {
        Path avx2 = Files.writeString(folder.resolve("epyc"), "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
                + "flags\t\t: fpu sse sse2 avx avx2 fma bmi2\n\nprocessor\t: 1\nflags\t\t: fpu avx2 avx512f avx512bw avx512vl avx512dq\n");
        Path avx512 = Files.writeString(folder.resolve("xeon"), "vendor_id\t: GenuineIntel\n"
                + "flags\t\t: fpu avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni\n");
        Path avx512WithoutBw = Files.writeString(folder.resolve("knl"), "flags\t\t: avx2 avx512f avx512cd avx512er avx512pf\n");
        assertFalse(PlainPooling.oneDnnPoolsPlainArraysFast(avx2), "the first processor's flags are the machine's");
        assertTrue(PlainPooling.oneDnnPoolsPlainArraysFast(avx512));
        assertFalse(PlainPooling.oneDnnPoolsPlainArraysFast(avx512WithoutBw));
        assertFalse(PlainPooling.oneDnnPoolsPlainArraysFast(folder.resolve("absent")));
    }

    @Test
    void maxPoolingGradientsAreTheSameBitsAndAveragePoolingsWithin1e5() {
        assertGradients("lenet", 0);      // max pooling
        assertGradients("lenet5", 1e-5);  // average pooling
    }

    private static void assertGradients(String model, double tolerance) {
        SameDiff graph = Architectures.byName(model).trainingGraph(InputShape.MNIST, 10, 42);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 10);
        for (int i = 0; i < BATCH; i++) {
            labels.putScalar(i, Fixtures.testSet().labels()[i], 1);
        }
        Map<String, INDArray> inputs = Map.of(GraphNames.INPUT, Graphs.digits(0, BATCH), GraphNames.LABEL, labels);
        List<String> weights = graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .map(SDVariable::name).toList();
        Map<String, INDArray> oneDnn = copies(graph.calculateGradients(inputs, weights));
        graph.setListeners(new PlainPooling(PlainPooling.POOLING));   // all four, whichever this CPU trains with
        Map<String, INDArray> plain = copies(graph.calculateGradients(inputs, weights));
        for (String name : weights) {
            double largest = oneDnn.get(name).sub(plain.get(name)).amaxNumber().doubleValue();
            assertTrue(largest <= tolerance, model + " " + name + ": gradients differ by " + largest);
            if (tolerance == 0) {
                assertEquals(oneDnn.get(name), plain.get(name), model + " " + name);
            }
        }
        assertTrue(oneDnn.get(weights.get(0)).amaxNumber().doubleValue() > 0, "a gradient that is all zeros compares nothing");
    }

    private static Map<String, INDArray> copies(Map<String, INDArray> gradients) {
        return gradients.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().dup()));
    }
}
