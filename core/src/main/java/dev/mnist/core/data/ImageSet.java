package dev.mnist.core.data;

import dev.mnist.core.image.Window;
import dev.mnist.core.model.InputShape;

/**
 * Labelled images of one shape, read one at a time: held in memory ({@link LabelledImages}) or
 * read from a file as they are needed (a {@code dataset create} store), so that a data set need
 * not fit in memory. Pixels are planar unsigned bytes (channel, row, column).
 */
public interface ImageSet {

    int count();

    int channels();

    int rows();

    int cols();

    default InputShape shape() {
        return new InputShape(channels(), rows(), cols());
    }

    default int imageSize() {
        return channels() * rows() * cols();
    }

    /** Image {@code index}'s label, 0 to 255. */
    int label(int index);

    /** Copies image {@code index}'s pixels into {@code target} at {@code offset}. */
    void copy(int index, byte[] target, int offset);

    /** Image {@code index}'s pixels, freshly copied. */
    default byte[] image(int index) {
        byte[] pixels = new byte[imageSize()];
        copy(index, pixels, 0);
        return pixels;
    }

    /** The first {@code n} images (all when there are fewer). */
    default ImageSet first(int n) {
        return new View(this, 0, Math.min(n, count()));
    }

    /**
     * {@code n} images (all when there are fewer), each class's share of them spread evenly over its
     * images, in the set's order. Shares are in proportion to the classes' sizes, and every class gets
     * at least one image when {@code n} allows ({@link ClassShares}).
     */
    default ImageSet spread(int n) {
        if (n >= count()) {
            return this;
        }
        int[] sizes = new int[256];
        for (int i = 0; i < count(); i++) {
            sizes[label(i)]++;
        }
        int[] shares = ClassShares.of(sizes, n);
        // A class's k-th pick is its image at k * size / share: in the set's order, one pass.
        int[] seen = new int[256];
        int[] taken = new int[256];
        int[] picked = new int[n];
        int next = 0;
        for (int i = 0; i < count(); i++) {
            int c = label(i);
            if (taken[c] < shares[c] && seen[c] == (int) ((long) taken[c] * sizes[c] / shares[c])) {
                picked[next++] = i;
                taken[c]++;
            }
            seen[c]++;
        }
        return new Picked(this, picked);
    }

    /** The centre {@code height x width} window of each image, as inference crops it. */
    default ImageSet centreCropped(int height, int width) {
        return height == rows() && width == cols() ? this : new CentreCropped(this, height, width);
    }

    /** These images followed by {@code next}'s, which must be of the same shape. */
    default ImageSet followedBy(ImageSet next) {
        if (next.channels() != channels() || next.rows() != rows() || next.cols() != cols()) {
            throw new IllegalArgumentException("images of different shapes");
        }
        return new Joined(this, next);
    }

    /** Images {@code from .. from+count-1} of another set. */
    record View(ImageSet of, int from, int count) implements ImageSet {
        public int channels() { return of.channels(); }
        public int rows() { return of.rows(); }
        public int cols() { return of.cols(); }
        public int label(int index) { return of.label(from + index); }
        public void copy(int index, byte[] target, int offset) { of.copy(from + index, target, offset); }
    }

    /** The images of another set at {@code indices}. */
    record Picked(ImageSet of, int[] indices) implements ImageSet {
        public int count() { return indices.length; }
        public int channels() { return of.channels(); }
        public int rows() { return of.rows(); }
        public int cols() { return of.cols(); }
        public int label(int index) { return of.label(indices[index]); }
        public void copy(int index, byte[] target, int offset) { of.copy(indices[index], target, offset); }
    }

    /** One set's images, then another's. */
    record Joined(ImageSet head, ImageSet tail) implements ImageSet {
        public int count() { return head.count() + tail.count(); }
        public int channels() { return head.channels(); }
        public int rows() { return head.rows(); }
        public int cols() { return head.cols(); }

        public int label(int index) {
            return index < head.count() ? head.label(index) : tail.label(index - head.count());
        }

        public void copy(int index, byte[] target, int offset) {
            if (index < head.count()) {
                head.copy(index, target, offset);
            } else {
                tail.copy(index - head.count(), target, offset);
            }
        }
    }

    /** Another set's images cut down to their centre window. */
    record CentreCropped(ImageSet of, int rows, int cols) implements ImageSet {
        public int count() { return of.count(); }
        public int channels() { return of.channels(); }
        public int label(int index) { return of.label(index); }

        public void copy(int index, byte[] target, int offset) {
            InputShape from = new InputShape(channels(), of.rows(), of.cols());
            Window.centre(of.image(index), 0, from, new InputShape(channels(), rows, cols), target, offset);
        }
    }
}
