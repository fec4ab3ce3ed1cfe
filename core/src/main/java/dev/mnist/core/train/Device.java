package dev.mnist.core.train;

/** Where training runs: {@code auto} takes a usable GPU if the build has CUDA, else the CPU. */
public enum Device {
    AUTO, CPU, GPU
}
