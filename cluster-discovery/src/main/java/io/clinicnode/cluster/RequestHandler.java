package io.clinicnode.cluster;

/**
 * Answers another member's {@link ClusterChannel#askAll question}. Called on a virtual thread of its own, so it may
 * read a database; it should still answer well within the asker's deadline (hundreds of milliseconds).
 */
@FunctionalInterface
public interface RequestHandler {
    /** @return the answer, or {@code null} to send none */
    byte[] answer(String senderNodeId, byte[] request);
}
