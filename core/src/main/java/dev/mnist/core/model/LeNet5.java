package dev.mnist.core.model;

import dev.mnist.core.model.NetworkBuilder.Activation;

/**
 * LeNet-5 as LeCun et al. (1998) drew it, and as the PyTorch walkthrough trains it: the 28x28 digit
 * zero-padded to 32x32 (by the first convolution) → conv 5x5x6 tanh → average-pool 2 → conv 5x5x16 tanh → average-pool 2 →
 * dense 120 tanh → dense 84 tanh → dense to the classes. (C3's partial connection table and the
 * RBF output layer of the paper are left out, as every modern rendering does.)
 */
final class LeNet5 implements Architecture {
    @Override
    public String name() {
        return "lenet5";
    }

    @Override
    public String description() {
        return "LeNet-5 (1998): pad to 32x32, conv5x5x6 tanh, avgpool2, conv5x5x16 tanh, avgpool2, dense120 tanh, dense84 tanh, "
                + "dense softmax";
    }

    @Override
    public void define(NetworkBuilder network, int classes) {
        network.conv("conv1", 6, 5, 1, 2, Activation.TANH) // the 28x28 digit zero-padded to 32x32
                .avgPool("pool1", 2)
                .conv("conv2", 16, 5, Activation.TANH)
                .avgPool("pool2", 2)
                .dense("dense1", 120, Activation.TANH)
                .dense("dense2", 84, Activation.TANH)
                .classifier(classes);
    }
}
