package dev.mnist.core.image;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
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
        runs.joinTouching();
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
        runs.joinTouching();
        assertEquals(2, runs.count());
        assertEquals(200, runs.mass(0, plane, 4));
        assertNotEquals(runs.root(0), runs.root(1));
        runs.clear(0, plane, 4);
        assertEquals(0, plane[0] + plane[1]);
        assertEquals(100, plane[7]);
    }
}
