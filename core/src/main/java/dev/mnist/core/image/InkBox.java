package dev.mnist.core.image;

/** A rectangle of a plane: columns {@code left} to {@code left + width - 1}, rows {@code top} to {@code top + height - 1}. */
record InkBox(int left, int top, int width, int height) {
    /** The rectangle's values, copied out of {@code plane} ({@code planeWidth} values a row). */
    DigitPreparation.Plane crop(float[] plane, int planeWidth) {
        float[] inside = new float[width * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(plane, (top + y) * planeWidth + left, inside, y * width, width);
        }
        return new DigitPreparation.Plane(inside, width, height);
    }
}
