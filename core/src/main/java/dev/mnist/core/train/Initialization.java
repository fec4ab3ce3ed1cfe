package dev.mnist.core.train;

import dev.mnist.core.model.Lineage;

import java.util.List;

/**
 * How {@code train --init-from} started a network: from which model, which layers it copied and
 * which start afresh, each with the reason ({@code dense1: [1250, 500] in the parent, [800, 500] here}).
 */
public record Initialization(Lineage parent, List<String> copied, List<String> fresh) {
}
