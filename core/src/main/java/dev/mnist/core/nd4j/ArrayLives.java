package dev.mnist.core.nd4j;

import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When each op output of a run of ops in order is read for the last time, so that its array can
 * hold a later op's output from then on. An identity's output is its input's array (as
 * {@link PreparedOps} runs it), so reading it reads that array. The outputs wanted of the run are
 * never done; nor is anything no op of the run made (a placeholder, a weight).
 */
final class ArrayLives {
    private final Map<Integer, List<String>> endingAt = new HashMap<>();

    ArrayLives(List<SameDiffOp> order, Collection<String> kept) {
        Map<String, String> arrayOf = new HashMap<>();
        Map<String, Integer> lastRead = new HashMap<>();
        Set<String> made = new HashSet<>();
        for (int index = 0; index < order.size(); index++) {
            SameDiffOp op = order.get(index);
            List<String> inputs = op.getInputsToOp() == null ? List.of() : op.getInputsToOp();
            for (String input : inputs) {
                lastRead.put(arrayOf.getOrDefault(input, input), index);
            }
            for (String output : op.getOutputsOfOp()) {
                if (op.getOp() instanceof Identity) {
                    String array = arrayOf.getOrDefault(inputs.get(0), inputs.get(0));
                    arrayOf.put(output, array);
                } else {
                    arrayOf.put(output, output);
                    made.add(output);
                    lastRead.putIfAbsent(output, index);   // made and never read: done once made
                }
            }
        }
        Set<String> keptArrays = new HashSet<>();
        kept.forEach(name -> keptArrays.add(arrayOf.getOrDefault(name, name)));
        lastRead.forEach((array, index) -> {
            if (made.contains(array) && !keptArrays.contains(array)) {
                endingAt.computeIfAbsent(index, i -> new ArrayList<>()).add(array);
            }
        });
    }

    /** The op outputs whose arrays op {@code index} reads (or makes) for the last time. */
    List<String> endingAt(int index) {
        return endingAt.getOrDefault(index, List.of());
    }
}
