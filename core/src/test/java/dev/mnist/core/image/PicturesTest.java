package dev.mnist.core.image;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PicturesTest {
    @Test
    void argbIsWhatGetRgbGivesForEveryImageType() throws IOException {
        int[] types = {BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB,
                BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_BYTE_GRAY,
                BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_4BYTE_ABGR_PRE, BufferedImage.TYPE_USHORT_GRAY};
        for (int type : types) {
            BufferedImage image = noise(type, 37, 23);
            assertSame(image, "type " + type);
            assertSame(image.getSubimage(3, 5, 20, 11), "a part of type " + type);
            for (String format : new String[]{"png", "jpeg", "bmp"}) {
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                if (ImageIO.write(image, format, file)) {
                    assertSame(ImageFiles.decode(file.toByteArray(), format), format + " of type " + type);
                }
            }
        }
    }

    private static void assertSame(BufferedImage image, String what) {
        int w = image.getWidth();
        int h = image.getHeight();
        assertArrayEquals(image.getRGB(0, 0, w, h, null, 0, w), Pictures.argb(image), what);
    }

    private static BufferedImage noise(int type, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, type);
        Random random = new Random(type);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < 60; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillRect(random.nextInt(width), random.nextInt(height), 1 + random.nextInt(9), 1 + random.nextInt(9));
        }
        g.dispose();
        return image;
    }
}
