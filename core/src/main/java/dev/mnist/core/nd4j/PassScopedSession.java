package dev.mnist.core.nd4j;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * SameDiff's inference session, mended: in 1.0.0-M2.1 it records the id of every array it frees, to
 * free none twice within a pass, and never forgets them, so a long-running process leaks ~0.7 KB
 * of heap per pass (about 1 GB an hour for a busy server). The record is cleared at the start of
 * each pass, where the session clears its other per-pass state; ids are not reused across passes.
 */
final class PassScopedSession extends InferenceSession {
    private PassScopedSession(SameDiff graph) {
        super(graph);
    }

    /** Makes every SameDiff graph in this process run its passes in such sessions. */
    static void install() {
        SameDiff.bindInferenceFactory(PassScopedSession::new);
    }

    /** How many freed arrays the session remembers now. */
    int freedArraysRecorded() {
        return freedArrays.size();
    }

    @Override
    protected Map<String, INDArray> preprocessPlaceholders(Map<String, INDArray> placeholders, At at) {
        freedArrays.clear();
        return super.preprocessPlaceholders(placeholders, at);
    }
}
