package dev.mnist.core.image;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class InkRunsTest {
    /** Rows of a plane: '#' is ink, '.' is none. */
    private static float[] plane(String... rows) {
        float[] plane = new float[rows.length * rows[0].length()];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < rows[y].length(); x++) {
                plane[y * rows[0].length() + x] = rows[y].charAt(x) == '#' ? 100 : 0;
            }
        }
        return plane;
    }

    private static int blots(String... rows) {
        InkRuns runs = InkRuns.of(plane(rows), rows[0].length(), rows.length);
        Set<Integer> roots = new HashSet<>();
        for (int run = 0; run < runs.count(); run++) {
            roots.add(runs.root(run));
        }
        return roots.size();
    }

    @Test
    void runsTouchingAtAnEdgeOrACornerAreOneBlot() {
        assertEquals(1, blots(
                "##....",
                "..##..",
                "....##"), "corner to corner");
        assertEquals(1, blots(
                "#.#.#",
                "#####"), "a comb");
        assertEquals(1, blots(
                "#...#",
                "#...#",
                "#####"), "a U, joined only at its last row");
        assertEquals(2, blots(
                "#####",
                "#...#",
                "#.#.#",
                "#...#",
                "#####"), "a ring is one blot; the dot inside it another");
    }

    /** One long run above three short ones, and below: the merge must not move past the long run too soon. */
    @Test
    void aRunTouchingSeveralInTheNextRowJoinsThemAll() {
        assertEquals(1, blots(
                "#####",
                "#.#.#"));
        assertEquals(1, blots(
                "#.#.#",
                "#####"));
        assertEquals(1, blots(
                "#.#.#.#",
                ".#####.",
                "#.#.#.#"));
    }

    /** On random planes, the blots are those of a flood fill over each pixel's eight neighbours. */
    @Test
    void blotsAreThoseOfAFloodFill() {
        Random random = new Random(5);
        for (int round = 0; round < 2000; round++) {
            int width = 1 + random.nextInt(12);
            int height = 1 + random.nextInt(12);
            double density = random.nextDouble();
            float[] plane = new float[width * height];
            for (int i = 0; i < plane.length; i++) {
                plane[i] = random.nextDouble() < density ? 100 : 0;
            }
            InkRuns runs = InkRuns.of(plane, width, height);
            Set<Integer> roots = new HashSet<>();
            for (int run = 0; run < runs.count(); run++) {
                roots.add(runs.root(run));
            }
            assertEquals(floodFillBlots(plane, width, height), roots.size(), "round " + round);
        }
    }

    private static int floodFillBlots(float[] plane, int width, int height) {
        boolean[] seen = new boolean[plane.length];
        int blots = 0;
        for (int start = 0; start < plane.length; start++) {
            if (plane[start] == 0 || seen[start]) {
                continue;
            }
            blots++;
            Deque<Integer> todo = new ArrayDeque<>(List.of(start));
            seen[start] = true;
            while (!todo.isEmpty()) {
                int at = todo.pop();
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = at % width + dx;
                        int y = at / width + dy;
                        if (x >= 0 && x < width && y >= 0 && y < height && plane[y * width + x] != 0 && !seen[y * width + x]) {
                            seen[y * width + x] = true;
                            todo.push(y * width + x);
                        }
                    }
                }
            }
        }
        return blots;
    }

    @Test
    void runsApartAreSeparateBlots() {
        assertEquals(2, blots(
                "##.##",
                "....."), "a gap of one pixel in a row");
        assertEquals(2, blots(
                "##...",
                "...##"), "a pixel between them diagonally");
        assertEquals(2, blots(
                "##",
                "..",
                "##"), "a blank row between");
        assertEquals(0, blots("....", "...."));
    }

    @Test
    void massesAndClearing() {
        float[] plane = plane("##..", "...#");
        InkRuns runs = InkRuns.of(plane, 4, 2);
        assertEquals(2, runs.count());
        assertEquals(200, runs.mass(0, plane, 4));
        assertNotEquals(runs.root(0), runs.root(1));
        runs.clear(0, plane, 4);
        assertEquals(0, plane[0] + plane[1]);
        assertEquals(100, plane[7]);
    }
}
