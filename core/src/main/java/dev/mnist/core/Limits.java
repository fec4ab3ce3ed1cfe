package dev.mnist.core;

/**
 * Every size that reaches an allocation is checked against one of these first, so that a hostile
 * or mistaken input is a one-line error instead of a JVM that runs out of memory or crashes in
 * native code. docs/limits.md lists them.
 */
public final class Limits {
    /** The longest side of a network's input: room for 224-256 ImageNet-style inputs, 4x over. */
    public static final int MAX_INPUT_SIDE = 1_024;
    /** Trainable parameters of a network: 100 million, 1.6 GB with Adam's state and the gradients. */
    public static final long MAX_PARAMETERS = 100_000_000L;
    /** Classes of a data set or model: labels are stored in one byte. */
    public static final int MAX_CLASSES = 256;
    /** {@code --threads}: OpenMP starts that many threads for every operation. */
    public static final int MAX_THREADS = 256;
    /** {@code --batch-size} of training and classification. */
    public static final int MAX_BATCH_SIZE = 65_536;
    /** Input values in one batch (batch size times input size): 256 Mi floats, 1 GiB. */
    public static final long MAX_BATCH_VALUES = 256L << 20;
    /**
     * Input values in one batch of an evaluation (validation, {@code evaluate}): 4 Mi floats, 16 MB. A
     * network's activations are many times its input: 500 colour images of 192x192 would make 1.4 GB
     * in LeNet's first layer alone, over what its training step needs. MNIST batches stay at 500.
     */
    public static final long EVALUATION_BATCH_VALUES = 4L << 20;
    /** A line of an {@code @list} file. */
    public static final int MAX_LIST_LINE = 65_536;
    /** {@code model.json} inside a model zip. */
    public static final long MAX_MODEL_JSON_BYTES = 1L << 20;

    private Limits() {
    }

    /** The share of the Java heap a data set held in memory may take. */
    public static long maxDataBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /**
     * The most a saved graph of a network of {@code parameters} may unpack to: the parameters with
     * Adam's two moments as floats, and 64 MB for the rest. A zip bomb stops there, not in gigabytes.
     */
    public static long graphBytes(long parameters) {
        return 3 * 4 * parameters + (64L << 20);
    }

    /** A batch of at most {@code preferred} inputs of {@code inputSize} values, within {@link #MAX_BATCH_VALUES}. */
    public static int batchFor(int preferred, int inputSize) {
        return batchWithin(preferred, inputSize, MAX_BATCH_VALUES);
    }

    /** An evaluation's batch, of the toolkit's choosing: at most {@code preferred} inputs of {@code inputSize} values, within {@link #EVALUATION_BATCH_VALUES}. */
    public static int evaluationBatch(int preferred, int inputSize) {
        return batchWithin(preferred, inputSize, EVALUATION_BATCH_VALUES);
    }

    private static int batchWithin(int preferred, int inputSize, long maxValues) {
        return (int) Math.max(1, Math.min(preferred, maxValues / Math.max(1, inputSize)));
    }

    /** A byte count in the unit that reads best: {@code 1.5 GB}, {@code 320 MB}. */
    public static String bytes(long count) {
        if (count >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GB", count / (double) (1L << 30));
        }
        return String.format(java.util.Locale.ROOT, "%d MB", Math.max(1, count >> 20));
    }
}
