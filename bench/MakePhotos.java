import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Benchmark input: colour JPEG class folders made from real MNIST digits, as photos of digits would
 * be: OUT/<digit>/<n>.jpg, each a digit in one random colour on a background of another, HEIGHT
 * pixels high and 0.75 to 1.33 times as wide (so the resize modes have work to do).
 * Usage: java bench/MakePhotos.java IMAGES.gz LABELS.gz COUNT HEIGHT OUT
 */
public class MakePhotos {
    public static void main(String[] args) throws IOException {
        byte[] images = read(Path.of(args[0]), 16);
        byte[] labels = read(Path.of(args[1]), 8);
        int count = Integer.parseInt(args[2]);
        int height = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        Random random = new Random(1);
        for (int i = 0; i < count; i++) {
            int n = i % labels.length;
            int width = (int) (height * (0.75 + random.nextDouble() * 0.58));
            Color paper = new Color(random.nextInt(1 << 24));
            Color ink = new Color(random.nextInt(1 << 24));
            BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
            for (int p = 0; p < 784; p++) {
                int alpha = images[n * 784 + p] & 0xFF;
                digit.setRGB(p % 28, p / 28, alpha << 24 | (ink.getRGB() & 0xFFFFFF));
            }
            BufferedImage photo = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = photo.createGraphics();
            g.setColor(paper);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(digit, (width - height) / 2, 0, height, height, null);
            g.dispose();
            Path folder = Files.createDirectories(out.resolve(Integer.toString(labels[n])));
            ImageIO.write(photo, "jpg", folder.resolve(i + ".jpg").toFile());
        }
    }

    private static byte[] read(Path gz, int header) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz)))) {
            in.skipNBytes(header);
            return in.readAllBytes();
        }
    }
}
