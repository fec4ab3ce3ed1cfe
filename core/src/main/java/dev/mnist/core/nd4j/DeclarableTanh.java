package dev.mnist.core.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;

import java.util.List;

/**
 * tanh as ND4J's declarable {@code tanh} op, which runs on oneDNN on the CPU, where SameDiff's own
 * {@code tanh} is a legacy transform that computes one value at a time: 0.1 ms against 0.9 ms for
 * LeNet-5's first activation (64x6x28x28). The gradient is ND4J's {@code tanh_bp}, as for SameDiff's.
 */
public final class DeclarableTanh extends DeclarableActivation {
    /** ND4J makes ops by reflection. */
    public DeclarableTanh() {
    }

    private DeclarableTanh(SameDiff sd, SDVariable x) {
        super(sd, x);
    }

    /** {@code tanh(x)}, named {@code name}. */
    public static SDVariable apply(String name, SDVariable x) {
        return named(name, new DeclarableTanh(x.getSameDiff(), x));
    }

    @Override
    public String opName() {
        return "tanh";
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return new TanhDerivative(sameDiff, arg(), gradients.get(0)).outputs();
    }
}
