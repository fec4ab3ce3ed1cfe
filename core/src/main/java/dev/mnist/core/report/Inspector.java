package dev.mnist.core.report;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.image.Pictures;
import dev.mnist.core.image.PreparedImage;
import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.OutputFolder;
import dev.mnist.core.io.Png;
import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.Architectures;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.LayerKind;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * DIGITS' "show visualizations and statistics" for one image: the prepared input, every layer's
 * activations as a grid (one tile per channel), each convolution's learned filters (a row per
 * output channel, a column per input channel), statistics of weights and activations, and the
 * top classes, tied together by an {@code index.html}.
 */
public final class Inspector {
    public static final String INPUT = "input.png";
    /** The files of an inspection that are not a layer's picture. */
    public static final List<String> FILES = List.of(INPUT, "index.html");
    public static final String INDEX = "index.html";
    /** Tiles are scaled up to about this many pixels across. */
    private static final int TILE_PIXELS = 96;

    private Inspector() {
    }

    public static Inspection inspect(Predictor predictor, ImagePreparation preprocessing, Path imageFile, Path out) {
        return inspect(predictor, preprocessing, imageFile, out, false);
    }

    /** The same; {@code force} replaces files in {@code out} the toolkit did not write ({@link OutputFolder}). */
    public static Inspection inspect(Predictor predictor, ImagePreparation preprocessing, Path imageFile, Path out, boolean force) {
        PreparedImage prepared = preprocessing.prepare(ImageFiles.read(imageFile));
        InputShape shape = predictor.metadata().inputShape();
        OutputFolder.claim(out, FILES, force);
        Png.write(scaled(Pictures.fromPixels(prepared.pixels(), 0, shape.channels(), shape.height(), shape.width()), shape),
                out.resolve(INPUT));
        Architecture architecture = Architectures.byName(predictor.metadata().architecture());
        List<Architecture.Layer> layers = architecture.layers();
        Map<String, INDArray> outputs = predictor.outputs(prepared.pixels(), layers.stream().map(Architecture.Layer::name).toList());
        List<LayerInspection> inspected = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            inspected.add(layer(i + 1, layers.get(i), outputs.get(layers.get(i).name()), predictor, out));
        }
        float[] probabilities = outputs.get(layers.get(layers.size() - 1).name()).dup('c').data().asFloat();
        List<Classification.Guess> top = prepared.blank() ? List.of() : predictor.top(probabilities, 0, Math.min(5, predictor.classCount()));
        Inspection inspection = new Inspection(imageFile.toString(), predictor.file().toString(), preprocessing.name(), prepared.blank(),
                top, INPUT, inspected);
        AtomicFiles.writeString(out.resolve(INDEX), page(inspection));
        removeStalePictures(out, inspected);
        return inspection;
    }

    /** {@code NN-LAYER-activations.png} or {@code -filters.png}, LAYER a layer of one of the toolkit's networks. */
    private static final Pattern LAYER_PICTURE = Pattern.compile("\\d{2,}-(" + Architectures.all().stream()
            .flatMap(architecture -> architecture.layers().stream()).map(layer -> Pattern.quote(layer.name())).distinct()
            .collect(Collectors.joining("|")) + ")-(activations|filters)\\.png");

    /** Layer pictures an earlier inspection (of another network) left in {@code out}, which this one's page does not show. */
    private static void removeStalePictures(Path out, List<LayerInspection> inspected) {
        Set<String> written = new HashSet<>();
        for (LayerInspection layer : inspected) {
            written.add(layer.activationsFile());
            if (layer.filtersFile() != null) {
                written.add(layer.filtersFile());
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (LAYER_PICTURE.matcher(name).matches() && !written.contains(name)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // Stale pictures stay; the page names only this inspection's.
        }
    }

    private static LayerInspection layer(int number, Architecture.Layer layer, INDArray output, Predictor predictor, Path out) {
        if (output == null) {
            throw new InvalidInputException(predictor.file() + ": the graph has no layer output '" + layer.name() + "'");
        }
        long[] shape = output.shape();
        float[] activations = output.dup('c').data().asFloat();
        String prefix = String.format(Locale.ROOT, "%02d-%s", number, layer.name());
        ImageGrid grid = activationGrid(activations, shape);
        String activationsFile = prefix + "-activations.png";
        Png.write(grid.render(), out.resolve(activationsFile));

        LayerInspection.Stats weightStats = null;
        long parameters = 0;
        String filtersFile = null;
        if (layer.weights() != null) {
            INDArray weights = predictor.parameter(layer.weights());
            float[] w = weights.dup('c').data().asFloat();
            weightStats = LayerInspection.Stats.of(w);
            parameters = weights.length() + (layer.bias() == null ? 0 : predictor.parameter(layer.bias()).length());
            if (layer.kind() == LayerKind.CONV) {
                filtersFile = prefix + "-filters.png";
                Png.write(filterGrid(w, weights.shape()).render(), out.resolve(filtersFile));
            }
        }
        List<Long> dims = Arrays.stream(shape).skip(1).boxed().toList();
        return new LayerInspection(layer.name(), layer.kind().id(), dims, parameters, weightStats, LayerInspection.Stats.of(activations),
                activationsFile, grid.size(), filtersFile);
    }

    /** One tile per channel of a {@code [1, C, H, W]} output; a {@code [1, N]} output as one tile, N values in rows. */
    static ImageGrid activationGrid(float[] values, long[] shape) {
        LayerInspection.Stats stats = LayerInspection.Stats.of(values);
        if (shape.length == 4) {
            int channels = (int) shape[1];
            int height = (int) shape[2];
            int width = (int) shape[3];
            ImageGrid grid = new ImageGrid(width, height, Math.max(1, TILE_PIXELS / Math.max(height, width)),
                    (int) Math.ceil(Math.sqrt(channels)), 0);
            for (int c = 0; c < channels; c++) {
                grid.add(Pictures.fromValues(values, c * height * width, height, width, stats.min(), stats.max()), null);
            }
            return grid;
        }
        int n = values.length;
        int width = n <= 32 ? n : (int) Math.ceil(Math.sqrt(n));
        int height = (n + width - 1) / width;
        float[] padded = Arrays.copyOf(values, width * height);
        Arrays.fill(padded, n, padded.length, (float) stats.min());
        return new ImageGrid(width, height, Math.max(4, 4 * TILE_PIXELS / Math.max(width, height) / 2), 1, 0)
                .add(Pictures.fromValues(padded, 0, height, width, stats.min(), stats.max()), null);
    }

    /** Convolution weights {@code [kH, kW, in, out]}: a row per output channel, a column per input channel. */
    static ImageGrid filterGrid(float[] weights, long[] shape) {
        int kh = (int) shape[0];
        int kw = (int) shape[1];
        int in = (int) shape[2];
        int outs = (int) shape[3];
        LayerInspection.Stats stats = LayerInspection.Stats.of(weights);
        ImageGrid grid = new ImageGrid(kw, kh, in == 1 ? 12 : 4, in == 1 ? 10 : in, 0);
        float[] kernel = new float[kh * kw];
        for (int o = 0; o < outs; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        kernel[y * kw + x] = weights[((y * kw + x) * in + i) * outs + o];
                    }
                }
                grid.add(Pictures.fromValues(kernel, 0, kh, kw, stats.min(), stats.max()), null);
            }
        }
        return grid;
    }

    private static BufferedImage scaled(BufferedImage image, InputShape shape) {
        int scale = Math.max(1, 224 / Math.max(shape.height(), shape.width()));
        return new ImageGrid(shape.width(), shape.height(), scale, 1, 0).add(image, null).render();
    }

    private static String page(Inspection inspection) {
        Html html = new Html("Inspection of " + inspection.image());
        html.paragraph("Model " + inspection.model() + ", " + inspection.preprocessing() + " preparation.");
        html.heading("Input after preparation").image(inspection.inputFile(), "the input the model saw");
        html.heading("Top classes");
        if (inspection.blank()) {
            html.paragraph("The image is blank: nothing to classify.");
        } else {
            html.table(List.of("class", "probability"), inspection.top().stream()
                    .map(g -> List.of(g.className(), String.format(Locale.ROOT, "%.2f%%", 100 * g.probability()))).toList());
        }
        html.heading("Layers");
        List<List<String>> rows = new ArrayList<>();
        for (LayerInspection l : inspection.layers()) {
            rows.add(List.of(l.name(), l.kind(), l.shape().toString(), String.valueOf(l.parameters()),
                    stat(l.weights(), LayerInspection.Stats::mean), stat(l.weights(), LayerInspection.Stats::std),
                    stat(l.weights(), LayerInspection.Stats::min), stat(l.weights(), LayerInspection.Stats::max),
                    stat(l.activations(), LayerInspection.Stats::mean), stat(l.activations(), LayerInspection.Stats::std),
                    stat(l.activations(), LayerInspection.Stats::min), stat(l.activations(), LayerInspection.Stats::max)));
        }
        html.table(List.of("layer", "kind", "output shape", "parameters", "weight mean", "weight std", "weight min", "weight max",
                "activation mean", "activation std", "activation min", "activation max"), rows);
        for (LayerInspection l : inspection.layers()) {
            html.heading(l.name() + " (" + l.kind() + ", " + l.shape() + ")");
            html.paragraph("Activations, " + l.activationTiles() + (l.activationTiles() == 1 ? " tile" : " tiles, one per channel")
                    + "; black is the layer's lowest value, white its highest.");
            html.image(l.activationsFile(), l.name() + " activations");
            if (l.filtersFile() != null) {
                html.paragraph("Learned filters: a row per output channel, a column per input channel.");
                html.image(l.filtersFile(), l.name() + " filters");
            }
        }
        return html.end();
    }

    private static String stat(LayerInspection.Stats stats, ToDoubleFunction<LayerInspection.Stats> value) {
        return stats == null ? "" : String.format(Locale.ROOT, "%.4g", value.applyAsDouble(stats));
    }
}
