import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;

/**
 * Renders the sample digits in this folder: pen strokes in a handwriting-like hand and font glyphs,
 * dark on light and light on dark, of different sizes, formats and transparency. None is from MNIST.
 * Run from the repository root: java examples/digits/Render.java
 */
public class Render {
    public static void main(String[] args) throws Exception {
        File dir = new File("examples/digits");
        Random random = new Random(7);
        drawn(dir, "7-pen.png", 7, 240, 240, Color.WHITE, Color.BLACK, 0.09, random, "png");
        drawn(dir, "3-pencil-photo.jpg", 3, 200, 260, new Color(214, 208, 196), new Color(70, 70, 80), 0.07, random, "jpg");
        drawn(dir, "4-marker-transparent.png", 4, 128, 128, null, new Color(20, 40, 150), 0.12, random, "png");
        drawn(dir, "2-ballpoint.bmp", 2, 90, 120, Color.WHITE, new Color(10, 20, 110), 0.08, random, "bmp");
        drawn(dir, "0-chalkboard.png", 0, 320, 220, new Color(30, 60, 40), new Color(235, 235, 225), 0.08, random, "png");
        drawn(dir, "6-pen.gif", 6, 48, 64, Color.WHITE, Color.BLACK, 0.10, random, "gif");
        drawn(dir, "8-pen.png", 8, 150, 150, new Color(250, 250, 245), Color.BLACK, 0.08, random, "png");
        drawn(dir, "9-felt-tip.jpg", 9, 180, 180, Color.WHITE, new Color(40, 40, 40), 0.10, random, "jpg");
        glyph(dir, "5-sans.png", "5", 160, 200, "DejaVu Sans", Font.BOLD, "png");
        glyph(dir, "1-sans.jpg", "1", 120, 120, "DejaVu Sans", Font.PLAIN, "jpg");
        BufferedImage blank = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank.createGraphics();
        g.setColor(new Color(245, 245, 240));
        g.fillRect(0, 0, 100, 100);
        g.dispose();
        ImageIO.write(blank, "png", new File(dir, "blank.png"));
    }

    /** Pen strokes for each digit in a unit box, x to the right and y down. */
    static Path2D stroke(int digit) {
        Path2D p = new Path2D.Double();
        switch (digit) {
            case 0 -> { p.moveTo(0.5, 0.05); p.curveTo(0.05, 0.05, 0.05, 0.95, 0.5, 0.95); p.curveTo(0.95, 0.95, 0.95, 0.05, 0.5, 0.05); }
            case 2 -> { p.moveTo(0.12, 0.28); p.curveTo(0.2, 0.0, 0.9, 0.0, 0.82, 0.32); p.curveTo(0.75, 0.55, 0.3, 0.75, 0.1, 0.95); p.lineTo(0.9, 0.93); }
            case 3 -> { p.moveTo(0.15, 0.15); p.curveTo(0.45, -0.05, 0.95, 0.1, 0.75, 0.35); p.curveTo(0.65, 0.47, 0.45, 0.48, 0.4, 0.48);
                        p.curveTo(0.95, 0.5, 0.95, 0.95, 0.5, 0.95); p.curveTo(0.35, 0.95, 0.2, 0.9, 0.1, 0.82); }
            case 4 -> { p.moveTo(0.6, 0.05); p.lineTo(0.1, 0.65); p.lineTo(0.9, 0.65); p.moveTo(0.68, 0.3); p.lineTo(0.68, 0.97); }
            case 6 -> { p.moveTo(0.75, 0.08); p.curveTo(0.3, 0.15, 0.1, 0.55, 0.18, 0.8); p.curveTo(0.3, 1.05, 0.85, 0.98, 0.82, 0.7);
                        p.curveTo(0.8, 0.45, 0.35, 0.45, 0.2, 0.65); }
            case 7 -> { p.moveTo(0.1, 0.08); p.lineTo(0.88, 0.08); p.curveTo(0.65, 0.35, 0.5, 0.6, 0.42, 0.95); }
            case 8 -> { p.moveTo(0.5, 0.48); p.curveTo(0.05, 0.38, 0.2, 0.03, 0.5, 0.05); p.curveTo(0.8, 0.03, 0.95, 0.38, 0.5, 0.48);
                        p.curveTo(0.0, 0.58, 0.15, 0.97, 0.5, 0.95); p.curveTo(0.85, 0.97, 1.0, 0.58, 0.5, 0.48); }
            case 9 -> { p.moveTo(0.78, 0.35); p.curveTo(0.7, 0.0, 0.15, 0.05, 0.2, 0.35); p.curveTo(0.25, 0.6, 0.75, 0.55, 0.78, 0.35);
                        p.curveTo(0.8, 0.6, 0.72, 0.8, 0.65, 0.97); }
            default -> throw new IllegalArgumentException("no strokes for " + digit);
        }
        return p;
    }

    static void drawn(File dir, String name, int digit, int width, int height, Color paper, Color ink, double pen, Random random,
                      String format) throws Exception {
        BufferedImage image = new BufferedImage(width, height, paper == null ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        if (paper != null) {
            g.setColor(paper);
            g.fillRect(0, 0, width, height);
            for (int i = 0; i < width * height / 6; i++) {
                int shade = random.nextInt(17) - 8;
                g.setColor(new Color(clamp(paper.getRed() + shade), clamp(paper.getGreen() + shade), clamp(paper.getBlue() + shade)));
                g.fillRect(random.nextInt(width), random.nextInt(height), 1, 1);
            }
        }
        double side = Math.min(width, height) * (0.45 + 0.3 * random.nextDouble());
        AffineTransform at = new AffineTransform();
        at.translate(width * (0.3 + 0.4 * random.nextDouble()), height * (0.3 + 0.4 * random.nextDouble()));
        at.rotate((random.nextDouble() - 0.5) * 0.25);
        at.shear(-0.15 + 0.1 * random.nextDouble(), 0);
        at.scale(side * 0.8, side);
        at.translate(-0.5, -0.5);
        g.setColor(ink);
        g.setStroke(new BasicStroke((float) (side * pen), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(at.createTransformedShape(stroke(digit)));
        g.dispose();
        ImageIO.write(image, format, new File(dir, name));
    }

    static void glyph(File dir, String name, String text, int width, int height, String font, int style, String format) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(font, style, height * 2 / 3));
        var metrics = g.getFontMetrics();
        g.drawString(text, (width - metrics.stringWidth(text)) / 2, (height + metrics.getAscent() - metrics.getDescent()) / 2);
        g.dispose();
        ImageIO.write(image, format, new File(dir, name));
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
