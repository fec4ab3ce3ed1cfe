package dev.mnist.core.nd4j;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.custom.BitCast;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNormDerivative;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * ND4J's fused batch normalisation op ({@code batchnorm}), made differentiable. In 1.0.0-M2.1 its
 * gradient cannot be built: SameDiff clones each op through FlatBuffers before differentiating it,
 * the clone of {@code BatchNorm} loses its axis and refuses to make {@code batchnorm_bp} ("Invalid
 * axis argument", deeplearning4j#9029), and {@code BatchNormDerivative} declares the output types
 * of a 3-to-5-input op where it has 6 inputs. This class reads the axis back from the op's integer
 * arguments, which survive the clone, and its {@link Gradient} declares its outputs.
 * {@link Nd4jWorkarounds#install} has ND4J make this class for every {@code batchnorm} op it reads or
 * clones; the op itself, forward and backward, is ND4J's.
 * <p>
 * {@code batchnorm_bp} takes the mean and variance to be the batch's own: its input gradient
 * includes their paths, and their own gradients are zeros (tested against a hand-computed batch
 * norm gradient). So {@link #apply} detaches the batch's statistics from the gradient, which only
 * spares SameDiff differentiating their reductions. A graph that normalises by running statistics
 * (an inference graph) must not be differentiated through this op.
 */
public final class TrainableBatchNorm extends BatchNorm {
    /** ND4J makes ops by reflection. */
    public TrainableBatchNorm() {
    }

    private TrainableBatchNorm(SameDiff sd, SDVariable x, SDVariable mean, SDVariable variance, SDVariable gamma,
                               SDVariable beta, double epsilon, int axis) {
        super(sd, x, mean, variance, gamma, beta, epsilon, new int[]{axis});
    }

    /**
     * {@code gamma (x - mean) / sqrt(variance + epsilon) + beta} along {@code axis}, named {@code name},
     * where {@code mean} and {@code variance} are the batch's statistics of {@code x}.
     */
    public static SDVariable apply(String name, SDVariable x, SDVariable mean, SDVariable variance, SDVariable gamma,
                            SDVariable beta, double epsilon, int axis) {
        Nd4jWorkarounds.install();
        SameDiff sd = x.getSameDiff();
        SDVariable out = new TrainableBatchNorm(sd, x, detached(mean), detached(variance), gamma, beta, epsilon, axis)
                .outputVariable();
        return sd.updateVariableNameAndReference(out, name);
    }

    /**
     * The same values with no path back for the gradient: a bit-for-bit round trip through INT32,
     * which SameDiff's gradient walk does not follow. (With {@code stop_gradient} SameDiff still
     * differentiates what feeds it, here the statistics' reductions: 8 % of a ResNet step.)
     */
    private static SDVariable detached(SDVariable v) {
        return bitCast(bitCast(v, DataType.INT), v.dataType());
    }

    private static SDVariable bitCast(SDVariable v, DataType type) {
        SameDiff sd = v.getSameDiff();
        BitCast op = new BitCast(sd, v, sd.constant(Nd4j.scalar(type.toInt())));
        op.addIArgument(type.toInt());   // what a clone of the op reads its type from
        return op.outputVariable();
    }

    /** ND4J has no field map for this class; the op's integer and float arguments carry all of it. */
    @Override
    public void setPropertiesForFunction(Map<String, Object> properties) {
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        long[] arguments = iArgs();   // applyGamma, applyBeta, the axes
        int[] axes = Arrays.stream(arguments, 2, arguments.length).mapToInt(Math::toIntExact).toArray();
        List<SDVariable> inputs = new ArrayList<>(Arrays.asList(args()));
        inputs.add(gradients.get(0));
        Gradient gradient = new Gradient(sameDiff, inputs.toArray(SDVariable[]::new), arguments[0] != 0, arguments[1] != 0,
                tArgs()[0], axes);
        return Arrays.asList(gradient.outputVariables());
    }

    /** {@code batchnorm_bp}: the gradients of the input, mean, variance and, where applied, gamma and beta. */
    public static final class Gradient extends BatchNormDerivative {
        /** ND4J makes ops by reflection. */
        public Gradient() {
        }

        private Gradient(SameDiff sd, SDVariable[] inputs, boolean applyGamma, boolean applyBeta, double epsilon, int[] axes) {
            super(sd, inputs, null, null, false, applyGamma, applyBeta, epsilon, axes);
        }

        @Override
        public int getNumOutputs() {
            return 3 + (isApplyGamma() ? 1 : 0) + (isApplyBeta() ? 1 : 0);
        }

        @Override
        public List<DataType> calculateOutputDataTypes(List<DataType> inputTypes) {
            return Collections.nCopies(getNumOutputs(), inputTypes.get(0));
        }
    }
}
