package dev.mnist.core.sweep;

import dev.mnist.core.io.Png;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.run.RunFolder;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code curves.png} of a sweep: every trial's validation accuracy per epoch, one line a trial. */
public final class SweepCurves {
    public static final String FILE = "curves.png";
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;

    private SweepCurves() {
    }

    /** Writes the picture of the trials so far into the sweep's folder; returns it. */
    public static Path write(Path dir, Sweep sweep) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Sweep " + sweep.name() + ": validation accuracy")
                .xAxisTitle("epoch").yAxisTitle("accuracy").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        for (Sweep.Trial trial : sweep.trials()) {
            RunFolder folder = new RunFolder(dir.resolve(trial.name()));
            List<EpochMetrics> epochs = Files.isDirectory(folder.dir()) ? folder.metrics().stream()
                    .filter(m -> Double.isFinite(m.valAccuracy())).toList() : List.of();
            if (!epochs.isEmpty()) {
                chart.addSeries(trial.name(), epochs.stream().map(m -> (double) m.epoch()).toList(),
                        epochs.stream().map(EpochMetrics::valAccuracy).toList());
            }
        }
        return Png.write(BitmapEncoder.getBufferedImage(chart), dir.resolve(FILE));
    }
}
