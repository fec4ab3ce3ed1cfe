package dev.mnist.core.train;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.model.Architecture;
import dev.mnist.core.model.GraphNames;
import dev.mnist.core.model.InputContract;
import dev.mnist.core.model.InputContract.Mean;
import dev.mnist.core.model.InputContract.Preparation;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.model.ModelFile;
import dev.mnist.core.model.ModelMetadata;
import dev.mnist.core.model.Network;
import dev.mnist.core.run.RunFolder;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The model {@code train --init-from} starts from (a model zip, or a run folder's model.zip): its
 * input contract, which the new run keeps unless told otherwise, and its arrays, which are copied
 * into the new network layer by layer wherever names and shapes match.
 */
final class ParentModel {
    private final Path file;
    private final ModelFile.SavedArrays saved;

    private ParentModel(Path file, ModelFile.SavedArrays saved) {
        this.file = file;
        this.saved = saved;
    }

    static ParentModel load(Path modelOrRun) {
        Path file = RunFolder.lastingPath(RunFolder.modelFile(modelOrRun));
        return new ParentModel(file, ModelFile.loadArrays(file));
    }

    private ModelMetadata metadata() {
        return saved.metadata();
    }

    /**
     * The preparation for {@code --prepare auto}: the parent's, which its weights learned, when the
     * run's images have the parent's channels; null (decide from the data) when not.
     */
    Preparation preparation(TrainConfig config) {
        return config.channels() == metadata().inputShape().channels() ? metadata().input().preparation() : null;
    }

    /**
     * The training data with the parent's mean subtracted when the run computes none of its own.
     * Images of another size or channel count than the parent's are an error unless the run asked
     * for that size (its image size and channels are the parent's unless given).
     */
    TrainingData adapt(TrainingData data, TrainConfig config) {
        InputContract parent = metadata().input();
        InputShape images = data.contract().preparedShape();
        if (!images.equals(parent.preparedShape()) && config.inputShape().equals(parent.preparedShape())) {
            throw new InvalidInputException(config.data() + ": its images come as " + images + "; " + file + " takes "
                    + parent.preparedShape() + ". Give --image-size and --channels to train at another size "
                    + "(layers whose shapes change then start afresh)");
        }
        if (config.mean() == Mean.NONE && parent.mean() != Mean.NONE && data.contract().shape().equals(parent.shape())) {
            return data.withContract(data.contract().withMean(parent.mean(), parent.meanValues()));
        }
        return data;
    }

    /**
     * Copies the parent's arrays into {@code graph}, a fresh network of {@code plan}, layer by layer:
     * a layer is copied when every array of it (weights, bias, running statistics) is in the parent
     * with the same shape; the classifier only when the class list is the same, in the same order.
     */
    Initialization copyInto(SameDiff graph, Network plan, List<String> classNames) {
        Map<String, INDArray> arrays = saved.arrays();
        Map<String, long[]> shapes = plan.state();
        boolean sameClasses = metadata().classNames().equals(classNames);
        List<String> copied = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (Architecture.Layer layer : plan.described()) {
            List<String> names = arraysOf(layer, shapes);
            if (names.isEmpty()) {
                continue;
            }
            String mismatch = layer.name().equals(GraphNames.LOGITS) && !sameClasses
                    ? "other classes (" + names(metadata().classNames()) + " in the parent; " + names(classNames) + " here)"
                    : mismatch(names, shapes, arrays);
            if (mismatch == null) {
                names.forEach(name -> graph.getArrForVarName(name).assign(arrays.get(name)));
                copied.add(layer.name());
            } else {
                fresh.add(layer.name() + ": " + mismatch);
            }
        }
        if (copied.isEmpty()) {
            throw new InvalidInputException(file + ": no layer of this " + metadata().architecture() + " fits the network "
                    + "being trained, so --init-from would take nothing from it" + (fresh.isEmpty() ? "" : " (" + fresh.get(0) + ")"));
        }
        return new Initialization(saved.lineage(file), copied, fresh);
    }

    /** A layer's arrays: its parameters, and a batch normalisation's running mean and variance. */
    private static List<String> arraysOf(Architecture.Layer layer, Map<String, long[]> shapes) {
        List<String> names = new ArrayList<>();
        for (String name : new String[]{layer.weights(), layer.bias(), layer.name() + "_mean", layer.name() + "_var"}) {
            if (name != null && shapes.containsKey(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /** A class list for a message: the first few names. */
    private static String names(List<String> classes) {
        int shown = Math.min(classes.size(), 6);
        return String.join(" ", classes.subList(0, shown)) + (shown < classes.size() ? " ... (" + classes.size() + ")" : "");
    }

    private static String mismatch(List<String> names, Map<String, long[]> shapes, Map<String, INDArray> arrays) {
        for (String name : names) {
            INDArray parent = arrays.get(name);
            if (parent == null) {
                return "no " + name + " in the parent";
            }
            if (!Arrays.equals(parent.shape(), shapes.get(name))) {
                return name + " is " + Arrays.toString(parent.shape()) + " in the parent, " + Arrays.toString(shapes.get(name))
                        + " here";
            }
        }
        return null;
    }
}
