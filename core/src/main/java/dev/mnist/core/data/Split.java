package dev.mnist.core.data;

/** The two splits an IDX data set ships, with the file-name prefix each uses. */
public enum Split {
    TRAIN("train"),
    TEST("t10k");

    public final String filePrefix;

    Split(String filePrefix) {
        this.filePrefix = filePrefix;
    }

    public String imagesFile() {
        return filePrefix + "-images-idx3-ubyte";
    }

    public String labelsFile() {
        return filePrefix + "-labels-idx1-ubyte";
    }
}
