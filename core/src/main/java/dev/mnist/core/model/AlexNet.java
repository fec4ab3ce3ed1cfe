package dev.mnist.core.model;

import dev.mnist.core.model.NetworkBuilder.Activation;

/**
 * DIGITS' standard AlexNet (Caffe's bvlc_alexnet, Krizhevsky et al. 2012) for 227x227 crops of
 * 256x256 colour images, without the two-GPU grouping of conv2, conv4 and conv5. Smaller inputs
 * train as long as every pooling still has a window: 67x67 and up.
 */
final class AlexNet implements Architecture {
    private static final int LRN_SIZE = 5;
    private static final double LRN_ALPHA = 1e-4;
    private static final double LRN_BETA = 0.75;

    @Override
    public String name() {
        return "alexnet";
    }

    @Override
    public String description() {
        return "DIGITS' AlexNet: conv11x11/4x96, lrn, maxpool3/2, conv5x5x256, lrn, maxpool3/2, conv3x3x384, conv3x3x384, "
                + "conv3x3x256, maxpool3/2, dense4096 relu, dropout0.5, dense4096 relu, dropout0.5, dense softmax";
    }

    @Override
    public InputShape designInput() {
        return new InputShape(3, 227, 227);
    }

    @Override
    public void define(NetworkBuilder network, int classes) {
        network.conv("conv1", 96, 11, 4, 0, Activation.RELU)
                .localResponseNorm("norm1", LRN_SIZE, LRN_ALPHA, LRN_BETA)
                .maxPool("pool1", 3, 2, 0)
                .conv("conv2", 256, 5, 1, 2, Activation.RELU)
                .localResponseNorm("norm2", LRN_SIZE, LRN_ALPHA, LRN_BETA)
                .maxPool("pool2", 3, 2, 0)
                .conv("conv3", 384, 3, 1, 1, Activation.RELU)
                .conv("conv4", 384, 3, 1, 1, Activation.RELU)
                .conv("conv5", 256, 3, 1, 1, Activation.RELU)
                .maxPool("pool5", 3, 2, 0)
                .dense("fc6", 4096, Activation.RELU)
                .dropout("drop6", 0.5)
                .dense("fc7", 4096, Activation.RELU)
                .dropout("drop7", 0.5)
                .classifier(classes);
    }
}
