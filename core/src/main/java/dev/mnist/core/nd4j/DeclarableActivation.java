package dev.mnist.core.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

import java.util.List;
import java.util.Map;

/**
 * An activation as ND4J's declarable op of that name, where SameDiff's own is a legacy op or has a
 * slower gradient (measured in {@link DeclarableTanh} and {@link DeclarableRelu}). The values are
 * the same to a float's last bit or so. {@link Nd4jWorkarounds#install} must run before a graph with
 * these ops is cloned or loaded.
 */
abstract class DeclarableActivation extends DynamicCustomOp {
    DeclarableActivation() {
    }

    DeclarableActivation(SameDiff sd, SDVariable x) {
        super(null, sd, new SDVariable[]{x});
    }

    /** The op's output, named {@code name}. */
    static SDVariable named(String name, DeclarableActivation op) {
        Nd4jWorkarounds.install();
        return op.sameDiff.updateVariableNameAndReference(op.outputVariable(), name);
    }

    /** ND4J has no field map for these classes; their arguments, if any, are the op's own. */
    @Override
    public void setPropertiesForFunction(Map<String, Object> properties) {
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
        return List.of(inputTypes.get(0));
    }
}
