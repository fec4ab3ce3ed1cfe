package dev.mnist.core.data.convert;

import dev.mnist.core.data.Split;

/** How converted PNGs are named and arranged. */
public enum Layout {
    /** As NVIDIA DIGITS' download_data writes: {@code train/3/00042.png}. */
    DIGITS("train", "test", "%05d"),
    /** As the popular mnist-png archives: {@code training/3/42.png}. */
    MNIST_PNG("training", "testing", "%d");

    private final String trainFolder;
    private final String testFolder;
    private final String nameFormat;

    Layout(String trainFolder, String testFolder, String nameFormat) {
        this.trainFolder = trainFolder;
        this.testFolder = testFolder;
        this.nameFormat = nameFormat;
    }

    public String folder(Split split) {
        return split == Split.TRAIN ? trainFolder : testFolder;
    }

    /** The list file DIGITS reads: {@code train.txt} or {@code test.txt}, whatever the folder names. */
    public String listFile(Split split) {
        return split == Split.TRAIN ? "train.txt" : "test.txt";
    }

    public String fileName(int index) {
        return String.format(nameFormat, index) + ".png";
    }
}
