package dev.mnist.core.train;

import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRateFinderTest {
    @TempDir
    Path dir;

    @Test
    void risesGeometricallySmoothsAsFastAiAndStopsWhenTheLossDiverges() throws Exception {
        Path data = Fixtures.smallIdxFolder(dir.resolve("data"), 1_000);
        TrainConfig config = TrainConfig.builder(data).batchSize(32).build();
        int[] heard = new int[1];
        LearningRateFinder.Result result = new LearningRateFinder(n -> heard[0] = n).find(config, 1e-5, 10, 60);
        List<LearningRateFinder.Point> points = result.points();
        assertEquals(points.size(), heard[0]);
        for (int i = 0; i < points.size(); i++) {
            assertEquals(1e-5 * Math.pow(1e6, i / 59.0), points.get(i).rate(), 1e-12 * points.get(i).rate());
        }
        double average = 0;
        for (int i = 0; i < 5; i++) {
            average = 0.98 * average + 0.02 * points.get(i).loss();
            assertEquals(average / (1 - Math.pow(0.98, i + 1)), points.get(i).smoothed(), 1e-9);
        }
        assertTrue(points.size() < 60, "Adam at rates up to 10 diverges before the end: " + result.stopped());
        assertTrue(result.stopped().startsWith("the smoothed loss passed 4 times its lowest")
                || result.stopped().startsWith("the loss was not a number"), result.stopped());
        double lowest = points.stream().mapToDouble(LearningRateFinder.Point::smoothed).min().orElseThrow();
        assertTrue(lowest < points.get(0).smoothed() - 0.3, "the loss falls on the way: " + lowest);
        assertTrue(result.suggested() > 1e-5 && result.suggested() < 1, "suggested " + result.suggested());
        assertTrue(result.how().startsWith("steepest fall of the smoothed loss"), result.how());
        LearningRateFinder.plot(result, dir.resolve("lr-find.png"));
        assertTrue(Files.size(dir.resolve("lr-find.png")) > 1_000);
    }
}
