import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * A digit as `mnist serve`'s drawing page uploads it: a 280x280 RGBA PNG, black antialiased strokes
 * 20 pixels wide with round ends on white (the page's pad, pen and canvas.toBlob).
 *
 *   java bench/DrawnDigit.java OUT.png
 */
public class DrawnDigit {
    public static void main(String[] args) throws Exception {
        BufferedImage pad = new BufferedImage(280, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D ink = pad.createGraphics();
        ink.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        ink.setColor(Color.WHITE);
        ink.fillRect(0, 0, 280, 280);
        ink.setColor(Color.BLACK);
        ink.setStroke(new BasicStroke(20, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D seven = new Path2D.Double();
        seven.moveTo(70, 60);
        seven.lineTo(205, 58);
        seven.quadTo(170, 130, 125, 230);
        seven.moveTo(105, 145);
        seven.lineTo(185, 142);
        ink.draw(seven);
        ink.dispose();
        ImageIO.write(pad, "png", new File(args[0]));
    }
}
