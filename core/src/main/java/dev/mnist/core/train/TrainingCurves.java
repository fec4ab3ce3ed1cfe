package dev.mnist.core.train;

import dev.mnist.core.io.Png;
import dev.mnist.core.run.EpochMetrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.slf4j.LoggerFactory;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * {@code curves.png}: three panels over the epochs, as DIGITS' training graph shows them: training
 * and validation loss, validation accuracy, and the learning rate, batch by batch. Values a run did
 * not measure (validation with {@code --val-split 0}) are left out.
 */
public final class TrainingCurves {
    public static final int WIDTH = 900;
    public static final int PANEL_HEIGHT = 280;
    public static final int PANELS = 3;

    /** At most this many points of the learning rate are drawn, however many batches the run has. */
    private static final int RATE_POINTS = 2_000;

    private TrainingCurves() {
    }

    /** The rate of every optimizer step of a run: its policy from its base rate, over epochs of so many steps. */
    record Rates(LearningRatePolicy policy, double base, int stepsPerEpoch, int epochs) {
    }

    /** Writes the picture of the epochs so far; a run's metrics stay usable if this fails. */
    static void write(List<EpochMetrics> epochs, Rates rates, Path file) {
        try {
            Png.write(render(epochs, rates), file);
        } catch (RuntimeException | Error e) {
            LoggerFactory.getLogger(TrainingCurves.class).warn("{} not written: {}", file, e.toString());
        }
    }

    static BufferedImage render(List<EpochMetrics> epochs, Rates rates) {
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * PANELS, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        List<XYChart> panels = panels(epochs, rates);
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), 0, i * PANEL_HEIGHT, null);
        }
        g.dispose();
        return image;
    }

    /** Loss (falling: legend top right), accuracy (rising: legend bottom right), learning rate (no legend). */
    static List<XYChart> panels(List<EpochMetrics> epochs, Rates rates) {
        XYChart loss = panel("Loss", "cross-entropy", Styler.LegendPosition.InsideNE);
        add(loss, "training loss", epochs, EpochMetrics::trainLoss);
        add(loss, "validation loss", epochs, EpochMetrics::valLoss);
        XYChart accuracy = panel("Validation accuracy", "accuracy", Styler.LegendPosition.InsideSE);
        add(accuracy, "validation accuracy", epochs, EpochMetrics::valAccuracy);
        XYChart rate = panel("Learning rate", "learning rate", null);
        rate.getStyler().setXAxisMin(0.0);
        int done = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch();
        long steps = (long) done * rates.stepsPerEpoch();
        long every = Math.max(1, steps / RATE_POINTS);
        List<Double> x = new java.util.ArrayList<>();
        List<Double> y = new java.util.ArrayList<>();
        for (long i = 0; i < steps; i += every) {
            x.add((double) (i + 1) / rates.stepsPerEpoch());
            y.add(rates.policy().rate(rates.base(), i, rates.stepsPerEpoch(), rates.epochs()));
        }
        if (!x.isEmpty()) {
            rate.addSeries("learning rate", x, y).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        }
        return List.of(loss, accuracy, rate);
    }

    private static XYChart panel(String title, String yTitle, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(legend != null);
        if (legend != null) {
            chart.getStyler().setLegendPosition(legend);
        }
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisMin(1.0);
        return chart;
    }

    /** A series of the finite values; none when the run did not measure it. */
    private static void add(XYChart chart, String name, List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> value) {
        List<EpochMetrics> measured = epochs.stream().filter(m -> Double.isFinite(value.applyAsDouble(m))).toList();
        if (measured.isEmpty()) {
            return;
        }
        chart.addSeries(name, measured.stream().map(m -> (double) m.epoch()).toList(),
                measured.stream().map(value::applyAsDouble).toList());
    }
}
