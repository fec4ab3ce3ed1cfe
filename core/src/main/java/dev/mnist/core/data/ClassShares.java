package dev.mnist.core.data;

import java.util.Comparator;
import java.util.stream.IntStream;

/** How many of {@code n} images each class gets, for {@link ImageSet#spread}. */
final class ClassShares {
    private ClassShares() {
    }

    /**
     * Shares of {@code n} (less than the sizes' sum) in proportion to {@code sizes}, by largest
     * remainder (ties to the lower class); then, when {@code n} covers every non-empty class, each
     * one left with none gets one from the largest share. No share exceeds its class's size.
     */
    static int[] of(int[] sizes, int n) {
        long total = IntStream.of(sizes).asLongStream().sum();
        int[] shares = new int[sizes.length];
        long[] remainders = new long[sizes.length];
        long given = 0;
        for (int c = 0; c < sizes.length; c++) {
            long exact = (long) n * sizes[c];
            shares[c] = (int) (exact / total);
            remainders[c] = exact % total;
            given += shares[c];
        }
        int[] byRemainder = IntStream.range(0, sizes.length).boxed()
                .sorted(Comparator.comparingLong((Integer c) -> -remainders[c]).thenComparingInt(c -> c))
                .mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < n - given; i++) {
            shares[byRemainder[i]]++;
        }
        if (n >= IntStream.of(sizes).filter(size -> size > 0).count()) {
            for (int c = 0; c < sizes.length; c++) {
                if (sizes[c] > 0 && shares[c] == 0) {
                    shares[largest(shares)]--;
                    shares[c] = 1;
                }
            }
        }
        return shares;
    }

    private static int largest(int[] shares) {
        int largest = 0;
        for (int c = 1; c < shares.length; c++) {
            if (shares[c] > shares[largest]) {
                largest = c;
            }
        }
        return largest;
    }
}
