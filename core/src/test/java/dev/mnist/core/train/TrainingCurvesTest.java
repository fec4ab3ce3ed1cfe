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
        List<XYChart> panels = TrainingCurves.panels(metrics);
        assertArrayEquals(metrics.stream().mapToDouble(EpochMetrics::trainLoss).toArray(), y(panels.get(0), "training loss"));
        assertArrayEquals(metrics.stream().mapToDouble(EpochMetrics::valLoss).toArray(), y(panels.get(0), "validation loss"));
        assertArrayEquals(metrics.stream().mapToDouble(EpochMetrics::valAccuracy).toArray(), y(panels.get(1), "validation accuracy"));
        assertArrayEquals(metrics.stream().mapToDouble(EpochMetrics::learningRate).toArray(), y(panels.get(2), "learning rate"));
        assertArrayEquals(metrics.stream().mapToDouble(EpochMetrics::epoch).toArray(), panels.get(0).getSeriesMap().get("training loss").getXData());
    }

    @Test
    void withoutValidationOnlyTheMeasuredCurvesAreDrawn() {
        List<EpochMetrics> metrics = List.of(new EpochMetrics(1, 0.9, Double.NaN, Double.NaN, 0.001, 10, 1000),
                new EpochMetrics(2, 0.5, Double.NaN, Double.NaN, 0.001, 10, 1000));
        List<XYChart> panels = TrainingCurves.panels(metrics);
        assertEquals(List.of("training loss"), List.copyOf(panels.get(0).getSeriesMap().keySet()));
        assertTrue(panels.get(1).getSeriesMap().isEmpty());
        BufferedImage image = TrainingCurves.render(metrics);
        assertEquals(TrainingCurves.WIDTH, image.getWidth());
    }

    private static double[] y(XYChart chart, String series) {
        XYSeries s = chart.getSeriesMap().get(series);
        assertNotNull(s, series + " in " + chart.getSeriesMap().keySet());
        return Arrays.copyOf(s.getYData(), s.getYData().length);
    }
}
