package dev.mnist.core.train;

import dev.mnist.core.model.InferenceGraph;
import dev.mnist.core.model.Network;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The inference graph of the network being trained (running statistics, no dropout), which
 * validation runs, so it measures the model that is saved. It is built once, on the training graph's
 * own arrays; {@link #current} brings over any array the training graph has replaced since.
 */
final class ValidationGraph {
    private final SameDiff training;
    private final SameDiff inference;
    private final Set<String> names;

    ValidationGraph(SameDiff training, Network plan) {
        this.training = training;
        this.names = plan.state().keySet();
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        names.forEach(name -> arrays.put(name, training.getArrForVarName(name)));
        this.inference = InferenceGraph.build(plan, arrays);
    }

    SameDiff current() {
        for (String name : names) {
            INDArray source = training.getArrForVarName(name);
            INDArray target = inference.getArrForVarName(name);
            if (source != target) {
                target.assign(source);
            }
        }
        return inference;
    }
}
