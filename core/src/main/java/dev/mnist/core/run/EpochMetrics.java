package dev.mnist.core.run;

/** One row of metrics.csv. Epochs count from 1. */
public record EpochMetrics(int epoch, double trainLoss, double valLoss, double valAccuracy,
                           double learningRate, double seconds, double imagesPerSecond) {

    public static final String CSV_HEADER = "epoch,train_loss,val_loss,val_accuracy,learning_rate,seconds,images_per_second";

    public String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6g,%.3f,%.1f",
                epoch, trainLoss, valLoss, valAccuracy, learningRate, seconds, imagesPerSecond);
    }

    public static EpochMetrics parse(String line) {
        String[] f = line.split(",");
        return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
    }
}
