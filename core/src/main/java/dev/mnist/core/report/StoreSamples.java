package dev.mnist.core.report;

import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.store.DatasetStore;
import dev.mnist.core.data.store.StoreSplit;
import dev.mnist.core.image.Pictures;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** DIGITS' "Explore the db": the first images of each class of a store's split, one row per class. */
public final class StoreSamples {
    /** Tiles larger than this are shown shrunk to it, so a row of 256x256 photos stays on a screen. */
    private static final int MAX_TILE = 96;

    private StoreSamples() {
    }

    public static BufferedImage grid(DatasetStore store, StoreSplit split, int perClass) {
        return grid(store.images(split), store.classNames(), perClass);
    }

    /** The first {@code perClass} images of each class, a row a class, its name first. */
    public static BufferedImage grid(ImageSet images, List<String> classes, int perClass) {
        List<List<Integer>> chosen = new ArrayList<>();
        classes.forEach(name -> chosen.add(new ArrayList<>()));
        int filled = 0;
        for (int i = 0; i < images.count() && filled < classes.size(); i++) {
            List<Integer> row = chosen.get(images.label(i));
            if (row.size() < perClass) {
                row.add(i);
                if (row.size() == perClass) {
                    filled++;
                }
            }
        }
        double shrink = Math.min(1, (double) MAX_TILE / Math.max(images.rows(), images.cols()));
        int width = Math.max(1, (int) Math.round(images.cols() * shrink));
        int height = Math.max(1, (int) Math.round(images.rows() * shrink));
        int scale = Math.max(1, 56 / Math.max(width, height));
        ImageGrid grid = new ImageGrid(width, height, scale, perClass, 1);
        for (int label = 0; label < classes.size(); label++) {
            List<Integer> row = chosen.get(label);
            for (int column = 0; column < perClass; column++) {
                BufferedImage tile = column < row.size()
                        ? Pictures.fromPixels(images.image(row.get(column)), 0, images.channels(), images.rows(), images.cols())
                        : blank(images.cols(), images.rows());
                grid.add(fit(tile, width, height), column == 0 ? classes.get(label) : "");
            }
        }
        return grid.render();
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage white = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = white.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return white;
    }

    private static BufferedImage fit(BufferedImage tile, int width, int height) {
        if (tile.getWidth() == width && tile.getHeight() == height) {
            return tile;
        }
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(tile, 0, 0, width, height, null);
        g.dispose();
        return small;
    }
}
