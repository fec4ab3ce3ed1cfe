package dev.mnist.core.model;

import dev.mnist.core.model.NetworkBuilder.Activation;

/**
 * Residual networks of basic blocks (He et al. 2015): each block is conv3x3, batch norm, ReLU,
 * conv3x3, batch norm, plus its input (through a strided 1x1 convolution with batch norm where the
 * block halves the size and widens), then ReLU. Stages after the first start by halving the size.
 * Convolutions keep their bias (PyTorch's drop it before batch norm): a few thousand parameters more.
 */
final class ResNet implements Architecture {
    private final String name;
    private final String description;
    private final InputShape designInput;
    private final boolean imageNetStem;
    private final int[] widths;
    private final int[] blocks;

    private ResNet(String name, String description, InputShape designInput, boolean imageNetStem, int[] widths, int[] blocks) {
        this.name = name;
        this.description = description;
        this.designInput = designInput;
        this.imageNetStem = imageNetStem;
        this.widths = widths;
        this.blocks = blocks;
    }

    /** ResNet-20 of the paper's CIFAR experiments, for 28x28 to 32x32 inputs: 3 stages of 3 blocks, 16, 32 and 64 wide. */
    static ResNet small() {
        return new ResNet("resnet", "ResNet-20 for small images: conv3x3x16 bn relu, 3 stages of 3 basic blocks (16, 32, 64), "
                + "global avgpool, dense softmax", InputShape.MNIST, false, new int[]{16, 32, 64}, new int[]{3, 3, 3});
    }

    /** ResNet-18 of the ImageNet layout, for 224x224 to 256x256 inputs. */
    static ResNet resnet18() {
        return imageNet("resnet18", new int[]{2, 2, 2, 2});
    }

    /** ResNet-34 of the ImageNet layout (fast.ai's resnet34), for 224x224 to 256x256 inputs. */
    static ResNet resnet34() {
        return imageNet("resnet34", new int[]{3, 4, 6, 3});
    }

    private static ResNet imageNet(String name, int[] blocks) {
        return new ResNet(name, "ImageNet " + name + ": conv7x7/2x64 bn relu, maxpool3/2, 4 stages of " + blocks[0] + ", "
                + blocks[1] + ", " + blocks[2] + ", " + blocks[3] + " basic blocks (64, 128, 256, 512), global avgpool, dense softmax",
                new InputShape(3, 224, 224), true, new int[]{64, 128, 256, 512}, blocks);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public InputShape designInput() {
        return designInput;
    }

    @Override
    public void define(NetworkBuilder network, int classes) {
        if (imageNetStem) {
            network.conv("conv1", widths[0], 7, 2, 3, Activation.NONE)
                    .batchNorm("bn1", Activation.RELU)
                    .maxPool("pool1", 3, 2, 1);
        } else {
            network.conv("conv1", widths[0], 3, 1, 1, Activation.NONE)
                    .batchNorm("bn1", Activation.RELU);
        }
        for (int stage = 0; stage < widths.length; stage++) {
            for (int block = 0; block < blocks[stage]; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                basicBlock(network, "stage" + (stage + 1) + "_block" + (block + 1), widths[stage], stride);
            }
        }
        network.globalAvgPool("pool")
                .classifier(classes);
    }

    private static void basicBlock(NetworkBuilder network, String name, int width, int stride) {
        network.residual(name, body -> body
                .conv(name + "_conv1", width, 3, stride, 1, Activation.NONE)
                .batchNorm(name + "_bn1", Activation.RELU)
                .conv(name + "_conv2", width, 3, 1, 1, Activation.NONE)
                .batchNorm(name + "_bn2", Activation.NONE), Activation.RELU);
    }
}
