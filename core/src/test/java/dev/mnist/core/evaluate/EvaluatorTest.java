package dev.mnist.core.evaluate;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.LabelledImages;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.load.Dataset;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scores a LeNet really trained on real digits against 1,000 real digits it never saw. */
class EvaluatorTest {
    static Predictor predictor;
    static Dataset test;

    @BeforeAll
    static void load() {
        predictor = Predictor.load(TrainedModel.modelZip());
        test = Dataset.load(TrainedModel.data(), Split.TEST, InputShape.MNIST, Preparation.DIGIT);
    }

    @Test
    void scoresAgreeWithPredictionsMadeOneByOne() {
        EvaluationReport report = new Evaluator(EvaluationListener.NONE).evaluate(predictor, test, 5);
        LabelledImages images = (LabelledImages) test.images();
        int correct = 0;
        int[][] confusion = new int[10][10];
        float[] all = predictor.probabilities(images.pixels(), images.count());
        for (int i = 0; i < images.count(); i++) {
            int predicted = Evaluator.argMax(all, i * 10, 10);
            confusion[images.label(i)][predicted]++;
            correct += predicted == images.label(i) ? 1 : 0;
        }
        assertEquals(TrainedModel.TEST_IMAGES, report.images());
        assertEquals(correct, report.correct());
        assertEquals((double) correct / images.count(), report.accuracy(), 1e-12);
        assertTrue(report.accuracy() > 0.85, "accuracy " + report.accuracy());
        assertTrue(report.topKAccuracy() >= report.accuracy() && report.topKAccuracy() <= 1);
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                assertEquals(confusion[t][p], report.confusion()[t][p]);
            }
            int[] counts = images.classCounts(10);
            assertEquals(counts[t], report.perClass().get(t).support());
            assertEquals((double) confusion[t][t] / counts[t], report.perClass().get(t).recall(), 1e-12);
        }
        assertEquals(images.count() - correct, report.wrong());
    }

    @Test
    void mostConfidentlyWrongAreWrongAndInFallingConfidence() {
        EvaluationReport report = new Evaluator(EvaluationListener.NONE).evaluate(predictor, test, 5);
        List<EvaluationReport.Mistake> mistakes = report.mostConfidentlyWrong();
        assertEquals(Math.min(5, report.wrong()), mistakes.size());
        for (int i = 0; i < mistakes.size(); i++) {
            EvaluationReport.Mistake mistake = mistakes.get(i);
            assertTrue(!mistake.actual().equals(mistake.predicted()));
            assertEquals(Integer.toString(test.images().label(mistake.index())), mistake.actual());
            assertEquals("#" + mistake.index(), mistake.source());
            if (i > 0) {
                assertTrue(mistakes.get(i - 1).probability() >= mistake.probability());
            }
        }
    }

    @Test
    void dataClassesAreMatchedToTheModelsByName() {
        LabelledImages images = (LabelledImages) test.images();
        // The same images with the classes listed in reverse order, and labels renumbered to match.
        byte[] reversedLabels = new byte[images.count()];
        for (int i = 0; i < reversedLabels.length; i++) {
            reversedLabels[i] = (byte) (9 - images.label(i));
        }
        List<String> reversedNames = List.of("9", "8", "7", "6", "5", "4", "3", "2", "1", "0");
        Dataset reversed = new Dataset("test", test.source(), new LabelledImages(images.count(), 1, 28, 28, images.pixels(),
                reversedLabels), reversedNames, List.of(), Preparation.DIGIT, "given");
        EvaluationReport expected = new Evaluator(EvaluationListener.NONE).evaluate(predictor, test, 3);
        EvaluationReport actual = new Evaluator(EvaluationListener.NONE).evaluate(predictor, reversed, 3);
        assertEquals(expected.correct(), actual.correct());
        assertTrue(Arrays.deepEquals(expected.confusion(), actual.confusion()));

        Dataset strange = new Dataset("test", test.source(), images, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "cat"),
                List.of(), Preparation.DIGIT, "given");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Evaluator(EvaluationListener.NONE).evaluate(predictor, strange, 3));
        assertTrue(e.getMessage().contains("classes [cat] are not among the model's"), e.getMessage());
    }

    @Test
    void imagesOfAnotherShapeAreRefused() {
        LabelledImages images = (LabelledImages) test.images();
        Dataset rgb = new Dataset("test", Path.of("rgb"), new LabelledImages(10, 3, 28, 28, new byte[10 * 3 * 784],
                Arrays.copyOf(images.labels(), 10)), test.classNames(), List.of(), Preparation.DIGIT, "given");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Evaluator(EvaluationListener.NONE).evaluate(predictor, rgb, 3));
        assertEquals("rgb: images are 3x28x28 but the model takes 1x28x28", e.getMessage());
    }
}
