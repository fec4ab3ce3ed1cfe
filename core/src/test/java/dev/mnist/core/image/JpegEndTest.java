package dev.mnist.core.image;

import dev.mnist.core.testing.Images;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpegEndTest {
    @Test
    void aWholeJpegReachesItsEndAndEveryPrefixOfItDoesNot() throws IOException {
        byte[] jpeg = jpeg();
        assertTrue(JpegEnd.reached(new ByteArrayInputStream(jpeg)));
        byte[] trailed = Arrays.copyOf(jpeg, jpeg.length + 100);   // bytes after the image, as some cameras write
        assertTrue(JpegEnd.reached(new ByteArrayInputStream(trailed)));
        for (int length = 0; length < jpeg.length - 1; length++) {
            assertFalse(JpegEnd.reached(new ByteArrayInputStream(Arrays.copyOf(jpeg, length))), "prefix of " + length);
        }
    }

    private static byte[] jpeg() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(Images.digit(0), "jpeg", out);
        return out.toByteArray();
    }
}
