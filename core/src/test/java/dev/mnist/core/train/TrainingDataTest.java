package dev.mnist.core.train;

import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class TrainingDataTest {
    @TempDir
    Path dir;

    @Test
    void aLimitOnClassFoldersTrainsOnEveryClass() {
        for (int i = 0; i < 30; i++) {
            Images.write(Images.digit(i), "png", dir.resolve(i < 20 ? "many" : "few").resolve(String.format("%02d.png", i)));
        }
        TrainingData data = TrainingData.load(TrainConfig.builder(dir).limit(6).valSplit(0).build(), Preparation.PLAIN);
        int[] labels = IntStream.of(data.trainIndices()).map(data.images()::label).sorted().toArray();
        // "few" sorts before "many": 10 and 20 images, so 2 and 4 of the 6
        assertArrayEquals(new int[]{0, 0, 1, 1, 1, 1}, labels, Arrays.toString(labels));
    }
}
