package dev.mnist.core.report;


import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Pictures laid out in a grid, each scaled up by a whole factor with no smoothing (every source
 * pixel becomes a square block, so what is drawn can be read back), with caption lines under it.
 */
public final class ImageGrid {
    static final int GAP = 6;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int LINE_HEIGHT = 15;

    private final int tileWidth;
    private final int tileHeight;
    private final int scale;
    private final int columns;
    private final int captionLines;
    private final List<BufferedImage> tiles = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    /**
     * @param tileWidth  width of every picture before scaling
     * @param captionLines lines of caption under each tile (0 for none); a caption's lines are split at '\n'
     */
    public ImageGrid(int tileWidth, int tileHeight, int scale, int columns, int captionLines) {
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.scale = scale;
        this.columns = columns;
        this.captionLines = captionLines;
    }

    public ImageGrid add(BufferedImage tile, String caption) {
        if (tile.getWidth() != tileWidth || tile.getHeight() != tileHeight) {
            throw new IllegalArgumentException("tile is " + tile.getWidth() + "x" + tile.getHeight());
        }
        tiles.add(tile);
        texts.add(caption == null ? "" : caption);
        return this;
    }

    public int size() {
        return tiles.size();
    }

    /** Where tile {@code i}'s top-left pixel is drawn. */
    public int[] origin(int i) {
        return new int[]{GAP + (i % columns) * cellWidth(), GAP + (i / columns) * cellHeight()};
    }

    public int width() {
        return GAP + Math.min(columns, Math.max(1, tiles.size())) * cellWidth();
    }

    public int height() {
        return GAP + Math.max(1, (tiles.size() + columns - 1) / columns) * cellHeight();
    }

    public BufferedImage render() {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(FONT);
        FontMetrics metrics = g.getFontMetrics();
        for (int i = 0; i < tiles.size(); i++) {
            int[] at = origin(i);
            g.drawImage(tiles.get(i), at[0], at[1], tileWidth * scale, tileHeight * scale, null);
            g.setColor(Color.DARK_GRAY);
            String[] lines = texts.get(i).split("\n");
            for (int line = 0; line < Math.min(captionLines, lines.length); line++) {
                g.drawString(fit(lines[line], metrics, cellWidth() - GAP), at[0],
                        at[1] + tileHeight * scale + 2 + line * LINE_HEIGHT + metrics.getAscent());
            }
        }
        g.dispose();
        return image;
    }

    private int cellWidth() {
        return Math.max(tileWidth * scale, captionLines > 0 ? 128 : 0) + GAP;
    }

    private int cellHeight() {
        return tileHeight * scale + (captionLines > 0 ? captionLines * LINE_HEIGHT + 4 : 0) + GAP;
    }

    private static String fit(String text, FontMetrics metrics, int width) {
        String fitted = text;
        while (fitted.length() > 1 && metrics.stringWidth(fitted) > width) {
            fitted = fitted.substring(0, fitted.length() - 2) + "…";
        }
        return fitted;
    }
}
