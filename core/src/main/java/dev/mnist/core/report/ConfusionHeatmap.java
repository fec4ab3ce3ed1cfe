package dev.mnist.core.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** {@code confusion.png}: the confusion matrix as a heatmap with the count in every cell; rows are true classes, top down. */
public final class ConfusionHeatmap {
    public static final String FILE = "confusion.png";

    private ConfusionHeatmap() {
    }

    /** The chart's cells, {@code {column (predicted), row from the bottom, count}}: what is drawn. */
    static List<Number[]> cells(long[][] confusion) {
        int classes = confusion.length;
        List<Number[]> cells = new ArrayList<>();
        for (int actual = 0; actual < classes; actual++) {
            for (int predicted = 0; predicted < classes; predicted++) {
                cells.add(new Number[]{predicted, classes - 1 - actual, confusion[actual][predicted]});
            }
        }
        return cells;
    }

    static HeatMapChart chart(long[][] confusion, List<String> classNames) {
        int side = Math.max(520, 60 + 56 * classNames.size());
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 140).height(side).title("Confusion matrix (rows: true class)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setRangeColors(new Color[]{new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
        chart.getStyler().setXAxisLabelRotation(classNames.stream().anyMatch(n -> n.length() > 3) ? 45 : 0);
        List<String> rows = new ArrayList<>(classNames);
        java.util.Collections.reverse(rows);
        chart.addSeries("count", classNames, rows, cells(confusion));
        return chart;
    }

    public static BufferedImage render(long[][] confusion, List<String> classNames) {
        return BitmapEncoder.getBufferedImage(chart(confusion, classNames));
    }
}
