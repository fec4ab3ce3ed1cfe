package dev.mnist.core.data;

import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoPreparationTest {

    @Test
    void realMnistDigitsAreDigitPrepared() {
        AutoPreparation.Decision decision = AutoPreparation.decide(Fixtures.testSet());
        assertEquals(Preparation.DIGIT, decision.preparation(), decision.reason());
        assertTrue(decision.reason().startsWith("auto: 8") || decision.reason().startsWith("auto: 9"), decision.reason());
    }

    @Test
    void realFashionItemsFillTheFrameAndArePlain() {
        AutoPreparation.Decision decision = AutoPreparation.decide(Fixtures.fashionSet());
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
        assertEquals(Preparation.PLAIN, AutoPreparation.decide(onPaper).preparation());
        LabelledImages colour = new LabelledImages(2, 3, 28, 28, new byte[2 * 3 * 784], new byte[2]);
        assertEquals(new AutoPreparation.Decision(Preparation.PLAIN, "auto: colour images"), AutoPreparation.decide(colour));
    }
}
