package dev.mnist.core.image;

/**
 * Resizes a one-channel float image: by area averaging when shrinking (each output pixel is the
 * mean of the source area it covers, so thin strokes fade rather than vanish) and bilinearly when
 * enlarging. Separable: rows first, then columns.
 */
final class Resampler {
    private Resampler() {
    }

    static float[] resize(float[] source, int width, int height, int newWidth, int newHeight) {
        if (width == newWidth && height == newHeight) {
            return source.clone();
        }
        Taps across = Taps.of(width, newWidth);
        Taps down = Taps.of(height, newHeight);
        float[] rowsDone = new float[height * newWidth];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < newWidth; x++) {
                rowsDone[y * newWidth + x] = across.apply(source, y * width, 1, x);
            }
        }
        float[] result = new float[newHeight * newWidth];
        for (int y = 0; y < newHeight; y++) {
            for (int x = 0; x < newWidth; x++) {
                result[y * newWidth + x] = down.apply(rowsDone, x, newWidth, y);
            }
        }
        return result;
    }

    /** For each output position along one axis, the source positions it reads and their weights. */
    private record Taps(int[][] index, float[][] weight) {
        static Taps of(int from, int to) {
            int[][] index = new int[to][];
            float[][] weight = new float[to][];
            double scale = (double) from / to;
            for (int o = 0; o < to; o++) {
                if (to < from) {
                    double start = o * scale;
                    double end = (o + 1) * scale;
                    int first = (int) Math.floor(start);
                    int last = Math.min(from - 1, (int) Math.ceil(end) - 1);
                    index[o] = new int[last - first + 1];
                    weight[o] = new float[last - first + 1];
                    for (int i = first; i <= last; i++) {
                        index[o][i - first] = i;
                        weight[o][i - first] = (float) ((Math.min(end, i + 1) - Math.max(start, i)) / scale);
                    }
                } else {
                    double x = Math.max(0, (o + 0.5) * scale - 0.5);
                    int i0 = Math.min(from - 1, (int) Math.floor(x));
                    int i1 = Math.min(from - 1, i0 + 1);
                    float f = (float) (x - i0);
                    index[o] = new int[]{i0, i1};
                    weight[o] = new float[]{1 - f, f};
                }
            }
            return new Taps(index, weight);
        }

        float apply(float[] source, int base, int stride, int o) {
            float sum = 0;
            int[] positions = index[o];
            float[] weights = weight[o];
            for (int t = 0; t < positions.length; t++) {
                sum += source[base + positions[t] * stride] * weights[t];
            }
            return sum;
        }
    }
}
