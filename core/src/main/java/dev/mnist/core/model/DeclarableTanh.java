package dev.mnist.core.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.TanhDerivative;

import java.util.List;
import java.util.Map;

/**
 * tanh as ND4J's declarable {@code tanh} op, which runs on oneDNN on the CPU, where SameDiff's own
 * {@code tanh} is a legacy transform that computes one value at a time: 0.1 ms against 0.9 ms for
 * LeNet-5's first activation (64x6x28x28). The two agree to a float's last bit or so. The gradient is
 * ND4J's {@code tanh_bp}, as for SameDiff's own. {@link OpClasses#install} must run before a graph
 * with this op is cloned or loaded.
 */
public final class DeclarableTanh extends DynamicCustomOp {
    /** ND4J makes ops by reflection. */
    public DeclarableTanh() {
    }

    private DeclarableTanh(SameDiff sd, SDVariable x) {
        super(null, sd, new SDVariable[]{x});
    }

    /** {@code tanh(x)}, named {@code name}. */
    static SDVariable apply(String name, SDVariable x) {
        OpClasses.install();
        SDVariable out = new DeclarableTanh(x.getSameDiff(), x).outputVariable();
        return x.getSameDiff().updateVariableNameAndReference(out, name);
    }

    @Override
    public String opName() {
        return "tanh";
    }

    /** ND4J has no field map for this class, and the op has no arguments. */
    @Override
    public void setPropertiesForFunction(Map<String, Object> properties) {
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
        return List.of(inputTypes.get(0));
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return new TanhDerivative(sameDiff, arg(), gradients.get(0)).outputs();
    }
}
