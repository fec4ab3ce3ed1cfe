package dev.mnist.core.train;

import dev.mnist.core.infer.InputTensor;
import dev.mnist.core.io.Png;
import dev.mnist.core.model.Network;
import dev.mnist.core.nd4j.ComputeThreads;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.autodiff.samediff.SameDiff;

import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * {@code mnist lr-find}, fast.ai's learning-rate finder: from the network's initial weights, trains
 * batch after batch with the rate rising geometrically from {@code start} to {@code end}, until the
 * loss diverges (its smoothed value over 4 times the lowest, or not a number) or the batches run
 * out. The loss is smoothed as fast.ai smooths it (an exponential moving average, beta 0.98, with
 * bias correction). The suggested rate is where the smoothed loss falls fastest against the
 * logarithm of the rate, before its minimum; the rate of the minimum divided by 10 is given too.
 * Nothing is saved: the weights it trains are thrown away.
 */
public final class LearningRateFinder {
    public static final double DEFAULT_START = 1e-7;
    public static final double DEFAULT_END = 10;
    public static final int DEFAULT_BATCHES = 100;
    private static final double BETA = 0.98;
    private static final double DIVERGED = 4;

    /** A batch: the rate it trained with, its loss, and the smoothed loss up to it. */
    public record Point(double rate, double loss, double smoothed) {
    }

    /** The curve, the suggestion and how it was chosen, the minimum's rate / 10, and why it stopped. */
    public record Result(List<Point> points, double suggested, String how, double minimumTenth, String stopped) {
    }

    private final IntConsumer batchDone;

    /** {@code batchDone} hears the count of batches trained, after each. */
    public LearningRateFinder(IntConsumer batchDone) {
        this.batchDone = batchDone;
    }

    public Result find(TrainConfig config, double start, double end, int batches) {
        if (!(start > 0 && end > start && batches >= 10)) {
            throw new IllegalArgumentException("lr-find needs 0 < --start-lr < --end-lr and at least 10 --batches");
        }
        TrainingData data = TrainingData.load(config, config.prepare().preparation());
        Network plan = Trainer.plan(config, data);
        SameDiff graph = Trainer.newGraph(config, data, plan, new ExponentialRange(start, end, batches));
        InputTensor tensor = new InputTensor(data.contract());
        Recorder recorder = new Recorder(new ExponentialRange(start, end, batches));
        try (ComputeThreads.Limit threads = ComputeThreads.limit(config.threads())) {
            TrainingStep step = new TrainingStep(graph, plan, new GradientSteps(graph, config, Freezing.NONE, batches, 0), config.seed());
            for (int epoch = 1; recorder.points.size() < batches && !recorder.stop(); epoch++) {
                int[] order = data.epochOrder(config.seed(), epoch);
                BatchIterator iterator = new BatchIterator(data.images(), tensor, data.trainingView(config.seed(), epoch), order,
                        config.batchSize(), data.classCount());
                while (iterator.hasNext() && recorder.points.size() < batches && !recorder.stop()) {
                    int position = iterator.position();
                    recorder.batchDone(step.train(iterator.next(), epoch, position));
                }
                step.finishEpoch(epoch);
            }
        }
        return result(recorder.points, recorder.stop() ? recorder.why : "all " + batches + " batches trained");
    }

    private static Result result(List<Point> points, String stopped) {
        if (points.size() < 3) {
            throw new TrainingDivergedException("lr-find: the loss diverged within " + points.size()
                    + " batches; try a lower --start-lr");
        }
        int minimum = 0;
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).smoothed() < points.get(minimum).smoothed()) {
                minimum = i;
            }
        }
        int steepest = -1;
        double slope = 0;
        for (int i = 1; i <= Math.max(1, minimum); i++) {
            double dLoss = points.get(i).smoothed() - points.get(i - 1).smoothed();
            double dLog = Math.log10(points.get(i).rate()) - Math.log10(points.get(i - 1).rate());
            if (dLoss / dLog < slope) {
                slope = dLoss / dLog;
                steepest = i;
            }
        }
        double tenth = points.get(minimum).rate() / 10;
        if (steepest < 0) {
            return new Result(points, tenth, "the loss never fell: the lowest loss's rate / 10", tenth, stopped);
        }
        String how = String.format(Locale.ROOT, "steepest fall of the smoothed loss (%.3g per decade of rate), before its minimum "
                + "at %.3g", slope, points.get(minimum).rate());
        return new Result(points, points.get(steepest).rate(), how, tenth, stopped);
    }

    /** {@code lr-find.png}: the smoothed loss against the rate, logarithmic, the suggestion marked. */
    public static void plot(Result result, Path file) {
        XYChart chart = new XYChartBuilder().width(800).height(480).title("Learning-rate finder")
                .xAxisTitle("learning rate").yAxisTitle("loss (smoothed)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(true);
        List<Point> points = result.points();
        double top = Math.min(points.get(0).smoothed() * 1.5,
                points.stream().mapToDouble(Point::smoothed).max().orElse(1));
        chart.getStyler().setYAxisMax(top);
        XYSeries curve = chart.addSeries("smoothed loss", points.stream().map(Point::rate).toList(),
                points.stream().map(p -> Math.min(p.smoothed(), top)).toList());
        curve.setMarker(SeriesMarkers.NONE);
        double at = points.stream().filter(p -> p.rate() == result.suggested()).mapToDouble(Point::smoothed).findFirst()
                .orElse(points.get(0).smoothed());
        XYSeries mark = chart.addSeries(String.format(Locale.ROOT, "suggested %.3g", result.suggested()),
                List.of(result.suggested()), List.of(Math.min(at, top)));
        mark.setMarker(SeriesMarkers.CIRCLE);
        mark.setMarkerColor(Color.RED);
        Png.write(BitmapEncoder.getBufferedImage(chart), file);
    }

    /** Each batch's rate, loss and smoothed loss; asks to stop once the loss diverges. */
    private final class Recorder {
        private final ExponentialRange rates;
        private final List<Point> points = new ArrayList<>();
        private double average;
        private double best = Double.POSITIVE_INFINITY;
        private String why;

        Recorder(ExponentialRange rates) {
            this.rates = rates;
        }

        boolean stop() {
            return why != null;
        }

        void batchDone(double loss) {
            int i = points.size();
            double rate = rates.valueAt(i, 0);
            if (!Double.isFinite(loss)) {
                why = String.format(Locale.ROOT, "the loss was not a number at rate %.3g", rate);
                return;
            }
            average = BETA * average + (1 - BETA) * loss;
            double smoothed = average / (1 - Math.pow(BETA, i + 1));
            points.add(new Point(rate, loss, smoothed));
            best = Math.min(best, smoothed);
            if (smoothed > DIVERGED * best) {
                why = String.format(Locale.ROOT, "the smoothed loss passed 4 times its lowest at rate %.3g", rate);
            }
            batchDone.accept(points.size());
        }
    }
}
