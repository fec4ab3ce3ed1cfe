package dev.mnist.core.infer;

import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.image.PlainPreparation;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Classifies image files with a LeNet really trained on real digits. */
class ClassifierTest {
    /** Test digits the model never saw in training. */
    private static final int FIRST_UNSEEN = TrainedModel.TEST_FROM;

    static Predictor predictor;
    @TempDir
    Path dir;

    @BeforeAll
    static void loadModel() {
        predictor = Predictor.load(TrainedModel.run());
    }

    private static Classifier classifier(int batchSize) {
        return new Classifier(predictor, ImagePreparation.of(predictor.metadata().input()), 3, batchSize);
    }

    private static int predictedFromPixels(int index) {
        float[] probabilities = predictor.probabilities(Images.digitPixels(index), 1);
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            best = probabilities[c] > probabilities[best] ? c : best;
        }
        return best;
    }

    @Test
    void anMnistDigitBlackOnWhiteAt200x200AsJpegIsClassifiedAsTheOriginal() {
        List<ClassifyInput> inputs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            BufferedImage photo = Images.blackOnWhite(Images.digit(FIRST_UNSEEN + i), 200);
            inputs.add(new ClassifyInput(Images.write(photo, "jpg", dir.resolve(i + ".jpg")), ClassifyInput.NO_LABEL));
        }
        List<Classification> results = new ArrayList<>();
        classifier(8).classify(inputs.iterator(), results::add);
        for (int i = 0; i < 20; i++) {
            assertEquals(Classification.Status.CLASSIFIED, results.get(i).status());
            assertEquals(predictedFromPixels(FIRST_UNSEEN + i), results.get(i).top().get(0).index(), "digit " + (FIRST_UNSEEN + i));
        }
    }

    @Test
    void aTransparentPngIsClassifiedAsTheSameDigitOnPaper() {
        BufferedImage digit = Images.digit(FIRST_UNSEEN + 5);
        Path transparent = Images.write(Images.inkAsAlpha(Images.blackOnWhite(digit, 112)), "png", dir.resolve("alpha.png"));
        Path opaque = Images.write(Images.blackOnWhite(digit, 112), "png", dir.resolve("paper.png"));
        List<Classification> results = new ArrayList<>();
        classifier(4).classify(List.of(input(transparent), input(opaque)).iterator(), results::add);
        assertEquals(results.get(1).top(), results.get(0).top());
        assertEquals(predictedFromPixels(FIRST_UNSEEN + 5), results.get(0).top().get(0).index());
    }

    @Test
    void aCorruptFileAmongGoodOnesIsReportedAndTheRestAreClassifiedInOrder() throws IOException {
        Path good1 = Images.write(Images.digit(FIRST_UNSEEN), "png", dir.resolve("a.png"));
        Path corrupt = Files.write(dir.resolve("b.png"), java.util.Arrays.copyOf(Files.readAllBytes(good1), 40));
        Path text = Files.writeString(dir.resolve("c.png"), "not an image");
        Path good2 = Images.write(Images.digit(FIRST_UNSEEN + 1), "bmp", dir.resolve("d.bmp"));
        Path missing = dir.resolve("e.png");
        List<Classification> results = new ArrayList<>();
        ClassifySummary summary = classifier(2).classify(
                List.of(input(good1), input(corrupt), input(text), input(good2), input(missing)).iterator(), results::add);

        assertEquals(List.of(good1, corrupt, text, good2, missing), results.stream().map(r -> r.input().path()).toList());
        assertEquals(List.of(Classification.Status.CLASSIFIED, Classification.Status.FAILED, Classification.Status.FAILED,
                Classification.Status.CLASSIFIED, Classification.Status.FAILED), results.stream().map(Classification::status).toList());
        assertTrue(results.get(1).error().startsWith(corrupt + ": unreadable image"), results.get(1).error());
        assertTrue(results.get(2).error().startsWith(text + ": not an image"), results.get(2).error());
        assertEquals(missing + ": no such file", results.get(4).error());
        assertEquals(predictedFromPixels(FIRST_UNSEEN + 1), results.get(3).top().get(0).index());
        assertEquals(new ClassifySummary(2, 0, 3, 0, 0), summary);
    }

    @Test
    void aBlankImageIsReportedNotGuessed() {
        BufferedImage paper = new BufferedImage(80, 80, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = paper.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 80, 80);
        g.dispose();
        Path blank = Images.write(paper, "png", dir.resolve("blank.png"));
        List<Classification> results = new ArrayList<>();
        ClassifySummary summary = classifier(4).classify(List.of(input(blank)).iterator(), results::add);
        assertEquals(Classification.Status.BLANK, results.get(0).status());
        assertEquals(List.of(), results.get(0).top());
        assertEquals(1, summary.blank());
    }

    @Test
    void imagesStreamInBatchesWithoutReadingAheadOfThem() {
        Path image = Images.write(Images.digit(FIRST_UNSEEN), "png", dir.resolve("digit.png"));
        int total = 25;
        int[] pulled = {0};
        Iterator<ClassifyInput> inputs = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pulled[0] < total;
            }

            @Override
            public ClassifyInput next() {
                pulled[0]++;
                return input(image);
            }
        };
        List<Integer> pulledAtEachResult = new ArrayList<>();
        ClassifySummary summary = classifier(10).classify(inputs, result -> pulledAtEachResult.add(pulled[0]));
        assertEquals(total, summary.classified());
        assertEquals(10, pulledAtEachResult.get(0), "the first result comes after one batch is read, not all");
        assertEquals(20, pulledAtEachResult.get(10));
        assertEquals(25, pulledAtEachResult.get(24));
    }

    @Test
    void topIsOrderedAndLabelsAreScored() {
        Path image = Images.write(Images.digit(FIRST_UNSEEN + 2), "png", dir.resolve("digit.png"));
        int predicted = predictedFromPixels(FIRST_UNSEEN + 2);
        List<Classification> results = new ArrayList<>();
        ClassifySummary summary = new Classifier(predictor, new PlainPreparation(predictor.metadata().inputShape()), 10, 4)
                .classify(List.of(new ClassifyInput(image, predicted), new ClassifyInput(image, (predicted + 1) % 10)).iterator(),
                        results::add);
        List<Classification.Guess> top = results.get(0).top();
        assertEquals(10, top.size());
        for (int i = 1; i < top.size(); i++) {
            assertTrue(top.get(i - 1).probability() >= top.get(i).probability());
        }
        assertEquals(1.0, top.stream().mapToDouble(Classification.Guess::probability).sum(), 1e-4);
        assertTrue(results.get(0).correct());
        assertEquals(new ClassifySummary(2, 0, 0, 2, 1), summary);
    }

    private static ClassifyInput input(Path path) {
        return new ClassifyInput(path, ClassifyInput.NO_LABEL);
    }
}
