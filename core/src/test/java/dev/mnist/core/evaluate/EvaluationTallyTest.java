package dev.mnist.core.evaluate;

import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.ModelMetadata;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTallyTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** Image {@code i}'s probabilities: often saturated, so that many mistakes tie at 1.0. */
    private static float[] probabilities(Random random) {
        int predicted = random.nextInt(3);
        float[] row = new float[3];
        if (random.nextBoolean()) {
            row[predicted] = 1f;
        } else {
            row[predicted] = 0.5f + random.nextInt(5) / 10f;
            row[(predicted + 1) % 3] = 1 - row[predicted];
        }
        return row;
    }

    @Test
    void partsMergedInAnyOrderGiveTheWholesReportAndTiesKeepTheEarlierImages() throws Exception {
        Random random = new Random(7);
        int images = 300;
        float[][] scores = new float[images][];
        int[] labels = new int[images];
        for (int i = 0; i < images; i++) {
            scores[i] = probabilities(random);
            labels[i] = random.nextInt(3);
        }
        EvaluationTally whole = new EvaluationTally(CLASSES, 5);
        for (int i = 0; i < images; i++) {
            whole.add(i, "#" + i, labels[i], scores[i], 0);
        }
        List<EvaluationTally> parts = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            parts.add(new EvaluationTally(CLASSES, 5));
        }
        for (int i = images - 1; i >= 0; i--) {   // another order, spread over the parts
            parts.get(i % 4).add(i, "#" + i, labels[i], scores[i], 0);
        }
        Collections.shuffle(parts, new Random(3));
        EvaluationTally merged = parts.get(0);
        for (EvaluationTally part : parts.subList(1, parts.size())) {
            merged = merged.merge(part);
        }

        String expected = Json.MAPPER.writeValueAsString(report(whole));
        assertEquals(expected, Json.MAPPER.writeValueAsString(report(merged)));
        List<EvaluationReport.Mistake> worst = report(whole).mostConfidentlyWrong();
        assertEquals(5, worst.size());
        assertTrue(worst.stream().allMatch(m -> m.probability() == 1.0), "many mistakes tie at 1.0");
        for (int i = 1; i < worst.size(); i++) {
            assertTrue(worst.get(i - 1).index() < worst.get(i).index(), "of equals, the earlier images: " + worst);
        }
        int firstTied = -1;
        for (int i = 0; i < images && firstTied < 0; i++) {
            if (scores[i][labels[i]] != 1f && max(scores[i]) == 1f) {
                firstTied = i;
            }
        }
        assertEquals(firstTied, worst.get(0).index());
    }

    private static float max(float[] row) {
        return Math.max(row[0], Math.max(row[1], row[2]));
    }

    private static EvaluationReport report(EvaluationTally tally) {
        return tally.report("model.zip", new ModelMetadata(2, "lenet", CLASSES, InputContract.legacy(new InputShape(1, 28, 28)), 1, 42, 0, null), "data", "idx");
    }
}
