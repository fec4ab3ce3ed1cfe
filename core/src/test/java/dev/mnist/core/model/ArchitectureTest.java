package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ArchitectureTest {
    private final Architecture lenet = Architectures.byName("lenet");

    @Test
    void parameterCountIsTheBuiltGraphsWithoutBuildingIt() {
        for (InputShape shape : new InputShape[]{InputShape.MNIST, new InputShape(3, 32, 24), new InputShape(1, 16, 16)}) {
            SameDiff graph = lenet.trainingGraph(shape, 5, 1);
            long built = graph.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                    .mapToLong(v -> v.getArr().length()).sum();
            assertEquals(built, lenet.parameterCount(shape, 5), shape.toString());
        }
        assertEquals(431_080, lenet.parameterCount(InputShape.MNIST, 10), "Caffe's LeNet on MNIST");
    }

    @Test
    void sizesOutsideTheLimitsAreRefusedWithTheLimit() {
        assertDoesNotThrow(() -> lenet.check(new InputShape(1, 16, 16), 2));
        assertEquals("lenet needs inputs of at least 16x16 pixels, not 15x15",
                assertThrows(InvalidInputException.class, () -> lenet.check(new InputShape(1, 15, 15), 10)).getMessage());
        assertEquals("an input of 3000x3000 pixels is over the limit of 1024 on a side",
                assertThrows(InvalidInputException.class, () -> lenet.check(new InputShape(1, 3000, 3000), 10)).getMessage());
        assertEquals("1 classes; 2 to 256 are supported",
                assertThrows(InvalidInputException.class, () -> lenet.check(InputShape.MNIST, 1)).getMessage());
        assertEquals("lenet for 3x1024x1024 input and 10 classes would have 1,600,257,080 parameters; at most 100,000,000 are supported",
                assertThrows(InvalidInputException.class, () -> lenet.check(new InputShape(3, 1024, 1024), 10)).getMessage());
    }

    @Test
    void theSmallestInputIsComputedAndIsTheSmallestWhoseEveryLayerHasAnOutput() {
        // lenet: 16 (5x5, /2, 5x5, /2); alexnet: 67 (its 11x11 stride-4 stem); resnet: 1 (3x3 padded by 1, then strides 2).
        assertEquals(16, lenet.minimumSide());
        assertEquals(67, Architectures.byName("alexnet").minimumSide());
        for (Architecture architecture : Architectures.all()) {
            int side = architecture.minimumSide();
            InputShape smallest = new InputShape(architecture.designInput().channels(), side, side);
            assertDoesNotThrow(() -> architecture.plan(smallest, 2), architecture.name());
            if (side > 1) {
                InputShape smaller = new InputShape(architecture.designInput().channels(), side - 1, side - 1);
                assertThrows(InvalidInputException.class, () -> architecture.plan(smaller, 2), architecture.name());
            }
        }
    }
}
