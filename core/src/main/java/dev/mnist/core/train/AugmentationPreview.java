package dev.mnist.core.train;

import dev.mnist.core.data.ImageSet;
import dev.mnist.core.image.Pictures;
import dev.mnist.core.io.Png;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.report.ImageGrid;

import java.nio.file.Path;

/**
 * {@code augmented.png}: what the network sees. One row per training image: first as validation and
 * inference see it, then as training sees it in each of the first epochs.
 */
final class AugmentationPreview {
    private static final int IMAGES = 8;
    private static final int EPOCHS = 7;

    private AugmentationPreview() {
    }

    static void write(TrainingData data, long seed, Path file) {
        ImageSet images = data.images();
        InputShape seen = data.contract().shape();
        int scale = Math.max(1, 56 / Math.max(seen.height(), seen.width()));
        ImageGrid grid = new ImageGrid(seen.width(), seen.height(), scale, EPOCHS + 1, 1);
        int[] order = data.epochOrder(seed, 1);
        byte[] image = new byte[images.imageSize()];
        byte[] view = new byte[seen.size()];
        for (int row = 0; row < Math.min(IMAGES, order.length); row++) {
            images.copy(order[row], image, 0);
            data.validationView().write(image, row, view, 0);
            grid.add(Pictures.fromPixels(view, 0, seen.channels(), seen.height(), seen.width()), row == 0 ? "as answered" : "");
            for (int epoch = 1; epoch <= EPOCHS; epoch++) {
                data.trainingView(seed, epoch).write(image, row, view, 0);
                grid.add(Pictures.fromPixels(view, 0, seen.channels(), seen.height(), seen.width()), row == 0 ? "epoch " + epoch : "");
            }
        }
        Png.write(grid.render(), file);
    }
}
