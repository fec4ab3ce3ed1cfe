package dev.mnist.core.image;

import dev.mnist.core.data.ImageSet;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoPreparationTest {
    @TempDir
    Path dir;

    private static AutoPreparation.Decision decide(ImageSet images) {
        return AutoPreparation.decide(images.shape(), images.count(), images::image);
    }

    @Test
    void realMnistDigitsAreDigitPrepared() {
        AutoPreparation.Decision decision = decide(Fixtures.testSet());
        assertEquals(Preparation.DIGIT, decision.preparation(), decision.reason());
        assertTrue(decision.reason().startsWith("auto: 8") || decision.reason().startsWith("auto: 9"), decision.reason());
    }

    @Test
    void realFashionItemsFillTheFrameAndArePlain() {
        AutoPreparation.Decision decision = decide(Fixtures.fashionSet());
        assertEquals(Preparation.PLAIN, decision.preparation(), decision.reason());
        assertEquals("auto: 0% of 1000 sampled images are dark-framed like MNIST digits (below 75%)", decision.reason());
    }

    @Test
    void digitsOnLightPaperAndColourImagesArePlain() {
        LabelledImages mnist = Fixtures.testSet().first(200);
        byte[] inverted = mnist.pixels().clone();
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = (byte) (255 - (inverted[i] & 0xFF));
        }
        LabelledImages onPaper = new LabelledImages(200, 1, 28, 28, inverted, mnist.labels());
        assertEquals(Preparation.PLAIN, decide(onPaper).preparation());
        LabelledImages colour = new LabelledImages(2, 3, 28, 28, new byte[2 * 3 * 784], new byte[2]);
        assertEquals(new AutoPreparation.Decision(Preparation.PLAIN, "auto: colour images"), decide(colour));
    }

    @Test
    void theSampleIsSpreadEvenlyOverTheImagesAndLeavesOutUnreadableOnes() {
        LabelledImages mnist = Fixtures.testSet();
        Set<Integer> asked = ConcurrentHashMap.newKeySet();
        AutoPreparation.Decision decision = AutoPreparation.decide(mnist.shape(), 10 * AutoPreparation.SAMPLE, i -> {
            asked.add(i);
            return i % 20 == 0 ? null : mnist.image(i % mnist.count());
        });
        assertEquals(IntStream.range(0, AutoPreparation.SAMPLE).map(i -> 10 * i).boxed().collect(Collectors.toSet()), asked);
        assertTrue(decision.reason().contains(" of 500 sampled images"), decision.reason());
    }

    @Test
    void filesAreBroughtToTheShapeAndUnreadableFilesLeftOut() throws IOException {
        LabelledImages mnist = Fixtures.testSet();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path file = dir.resolve(i + ".png");
            // Twice MNIST's size: the plain preparation brings each back to 28x28, its dark frame kept.
            BufferedImage big = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
            big.createGraphics().drawImage(Pictures.fromPixels(mnist.image(i), 0, 1, 28, 28), 0, 0, 56, 56, null);
            ImageIO.write(big, "png", file.toFile());
            files.add(file);
        }
        Path broken = dir.resolve("broken.png");
        Files.write(broken, new byte[]{1, 2, 3});
        files.add(broken);
        InputShape shape = new InputShape(1, 28, 28);
        AutoPreparation.Decision decision = AutoPreparation.decide(shape, files, new PlainPreparation(shape));
        assertEquals(Preparation.DIGIT, decision.preparation(), decision.reason());
        assertTrue(decision.reason().contains(" of 20 sampled images"), decision.reason());
    }
}
