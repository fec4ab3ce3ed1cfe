package dev.mnist.core.model;

import java.util.List;

/**
 * What {@code mnist models} says of an architecture for one input: its layers with output shapes,
 * parameters and forward FLOPs (a multiply-add counted as two), the totals, and the smallest input
 * it accepts.
 */
public record ArchitectureSummary(String name, String description, InputShape input, int minimumSide, int classes,
                                  long parameters, long flops, List<Network.LayerSummary> layers) {

    /** The summary for {@code input} and {@code classes}; sizes outside the limits are refused, naming them. */
    public static ArchitectureSummary of(Architecture architecture, InputShape input, int classes) {
        Network network = architecture.check(input, classes);
        return new ArchitectureSummary(architecture.name(), architecture.description(), input, network.minimumSide(), classes,
                network.parameters(), network.flops(), network.summary());
    }
}
