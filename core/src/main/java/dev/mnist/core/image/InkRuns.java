package dev.mnist.core.image;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * A plane's ink as runs: each row's unbroken stretches of nonzero values, joined into the blots
 * they make when touching (8-neighbour: a run touches those of the rows above and below that
 * overlap it or meet it at a corner). A drawing of 78,400 pixels is a few hundred runs, so its blots
 * are found without visiting each pixel's neighbours.
 */
final class InkRuns {
    private int[] row;
    private int[] start;
    /** Exclusive. */
    private int[] end;
    private int[] parent;
    private int count;

    private InkRuns(int capacity) {
        row = new int[capacity];
        start = new int[capacity];
        end = new int[capacity];
    }

    /** The plane's runs, each joined to the runs it touches. */
    static InkRuns of(float[] plane, int width, int height) {
        InkRuns runs = new InkRuns(64);
        for (int y = 0; y < height; y++) {
            int at = y * width;
            for (int x = 0; x < width; ) {
                if (plane[at + x] == 0) {
                    x++;
                    continue;
                }
                int from = x;
                while (x < width && plane[at + x] != 0) {
                    x++;
                }
                runs.add(y, from, x);
            }
        }
        runs.parent = new int[runs.count];
        for (int run = 0; run < runs.count; run++) {
            runs.parent[run] = run;
        }
        runs.joinTouching();
        return runs;
    }

    int count() {
        return count;
    }

    /** Joins the runs of each pair of rows that touch. Runs are in row order, and left to right in a row. */
    private void joinTouching() {
        int previousRow = 0;
        for (int rowStart = rowEnd(0); rowStart < count; ) {
            int rowEnd = rowEnd(rowStart);
            if (row[previousRow] == row[rowStart] - 1) {
                for (int a = previousRow, b = rowStart; a < rowStart && b < rowEnd; ) {
                    if (end[a] < start[b]) {
                        a++;   // a ends over a pixel left of b (ends are exclusive)
                    } else if (end[b] < start[a]) {
                        b++;
                    } else {
                        join(a, b);
                        if (end[a] < end[b]) {
                            a++;
                        } else {
                            b++;
                        }
                    }
                }
            }
            previousRow = rowStart;
            rowStart = rowEnd;
        }
    }

    /** The index after the last run in the row of run {@code first}. */
    private int rowEnd(int first) {
        int next = first;
        while (next < count && row[next] == row[first]) {
            next++;
        }
        return next;
    }

    /** The blot a run belongs to, as the index of one of its runs. */
    int root(int run) {
        int root = run;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[run] != root) {
            int next = parent[run];
            parent[run] = root;
            run = next;
        }
        return root;
    }

    /** The sum of the run's values. */
    double mass(int run, float[] plane, int width) {
        double mass = 0;
        for (int at = row[run] * width + start[run], last = row[run] * width + end[run]; at < last; at++) {
            mass += plane[at];
        }
        return mass;
    }

    void clear(int run, float[] plane, int width) {
        Arrays.fill(plane, row[run] * width + start[run], row[run] * width + end[run], 0);
    }

    /** The smallest rectangle holding the runs {@code kept} takes; null when it takes none. */
    InkBox box(IntPredicate kept) {
        int left = Integer.MAX_VALUE;
        int right = -1;
        int top = -1;
        int bottom = -1;
        for (int run = 0; run < count; run++) {
            if (kept.test(run)) {
                left = Math.min(left, start[run]);
                right = Math.max(right, end[run]);
                top = top < 0 ? row[run] : top;
                bottom = row[run];
            }
        }
        return right < 0 ? null : new InkBox(left, top, right - left, bottom - top + 1);
    }

    private void join(int a, int b) {
        int rootA = root(a);
        int rootB = root(b);
        if (rootA != rootB) {
            parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
        }
    }

    private void add(int y, int from, int to) {
        if (count == row.length) {
            row = Arrays.copyOf(row, 2 * count);
            start = Arrays.copyOf(start, 2 * count);
            end = Arrays.copyOf(end, 2 * count);
        }
        row[count] = y;
        start[count] = from;
        end[count] = to;
        count++;
    }
}
