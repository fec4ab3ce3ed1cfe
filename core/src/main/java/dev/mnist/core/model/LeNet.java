package dev.mnist.core.model;

import dev.mnist.core.model.NetworkBuilder.Activation;

/**
 * DIGITS' and DL4J's LeNet (Caffe's): conv 5x5x20 → max-pool 2 → conv 5x5x50 → max-pool 2 →
 * dense 500 ReLU → dense to the classes, with softmax cross-entropy on the logits.
 */
final class LeNet implements Architecture {
    @Override
    public String name() {
        return "lenet";
    }

    @Override
    public String description() {
        return "Caffe's LeNet (DIGITS' default): conv5x5x20, maxpool2, conv5x5x50, maxpool2, dense500 relu, dense softmax";
    }

    @Override
    public void define(NetworkBuilder network, int classes) {
        network.conv("conv1", 20, 5, Activation.NONE)
                .maxPool("pool1", 2)
                .conv("conv2", 50, 5, Activation.NONE)
                .maxPool("pool2", 2)
                .dense("dense1", 500, Activation.RELU)
                .classifier(classes);
    }
}
