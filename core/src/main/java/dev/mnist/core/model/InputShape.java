package dev.mnist.core.model;

/** The shape of one input image: channels (1 gray, 3 RGB), height and width in pixels. */
public record InputShape(int channels, int height, int width) {
    public static final InputShape MNIST = new InputShape(1, 28, 28);

    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
