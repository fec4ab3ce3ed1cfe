package dev.mnist.core.train;

import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;

import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** curves.png beside metrics.csv: drawn from the same rows, at every epoch. */
class TrainingCurvesTest {

    @Test
    void aRunHasCurvesDrawnFromItsMetrics() throws Exception {
        RunFolder run = new RunFolder(TrainedModel.run());
        BufferedImage png = ImageIO.read(run.curves().toFile());
        assertNotNull(png);
        assertEquals(TrainingCurves.WIDTH, png.getWidth());
        assertEquals(TrainingCurves.PANEL_HEIGHT * TrainingCurves.PANELS, png.getHeight());

        List<EpochMetrics> metrics = run.metrics();
        List<XYChart> panels = TrainingCurves.panels(metrics, fixed(metrics));
        assertArrayEquals(metrics.stream().mapToDouble(EpochMetrics::trainLoss).toArray(), y(panels.get(0), "training loss"));
        assertArrayEquals(metrics.stream().mapToDouble(EpochMetrics::valLoss).toArray(), y(panels.get(0), "validation loss"));
        assertArrayEquals(metrics.stream().mapToDouble(EpochMetrics::valAccuracy).toArray(), y(panels.get(1), "validation accuracy"));
        double[] rates = y(panels.get(2), "learning rate");
        assertEquals(10 * metrics.size(), rates.length, "one point a batch");
        assertTrue(Arrays.stream(rates).allMatch(r -> r == metrics.get(0).learningRate()));
        assertArrayEquals(metrics.stream().mapToDouble(EpochMetrics::epoch).toArray(), panels.get(0).getSeriesMap().get("training loss").getXData());
    }

    @Test
    void withoutValidationOnlyTheMeasuredCurvesAreDrawn() {
        List<EpochMetrics> metrics = List.of(new EpochMetrics(1, 0.9, Double.NaN, Double.NaN, 0.001, 10, 1000),
                new EpochMetrics(2, 0.5, Double.NaN, Double.NaN, 0.001, 10, 1000));
        List<XYChart> panels = TrainingCurves.panels(metrics, fixed(metrics));
        assertEquals(List.of("training loss"), List.copyOf(panels.get(0).getSeriesMap().keySet()));
        assertTrue(panels.get(1).getSeriesMap().isEmpty());
        BufferedImage image = TrainingCurves.render(metrics, fixed(metrics));
        assertEquals(TrainingCurves.WIDTH, image.getWidth());
    }

    @Test
    void theLearningRateIsDrawnBatchByBatch() {
        List<EpochMetrics> metrics = List.of(new EpochMetrics(1, 0.9, 0.8, 0.7, 0.1, 10, 1000),
                new EpochMetrics(2, 0.5, 0.4, 0.8, 0.05, 10, 1000));
        LearningRatePolicy cosine = new LearningRatePolicy(LearningRatePolicy.Policy.COSINE, 1, 1, List.of(), 0.5);
        XYChart rate = TrainingCurves.panels(metrics, new TrainingCurves.Rates(cosine, 0.1, 4, 3)).get(2);
        XYSeries series = rate.getSeriesMap().get("learning rate");
        assertEquals(8, series.getXData().length, "4 batches in each of the 2 epochs done");
        for (int i = 0; i < 8; i++) {
            assertEquals((i + 1) / 4.0, series.getXData()[i], 1e-12);
            assertEquals(cosine.rate(0.1, i, 4, 3), series.getYData()[i], 1e-15);
        }
        assertEquals(0.1 * 1 / 2, series.getYData()[0], 1e-15, "the warmup's first batch");
    }

    private static TrainingCurves.Rates fixed(List<EpochMetrics> metrics) {
        return new TrainingCurves.Rates(LearningRatePolicy.FIXED, metrics.get(0).learningRate(), 10, metrics.size());
    }

    private static double[] y(XYChart chart, String series) {
        XYSeries s = chart.getSeriesMap().get(series);
        assertNotNull(s, series + " in " + chart.getSeriesMap().keySet());
        return Arrays.copyOf(s.getYData(), s.getYData().length);
    }
}
