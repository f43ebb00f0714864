package io.clinicnode.cluster;

/** Receives what other members {@link ClusterChannel#send sent}; called on JGroups' threads, so keep it short. */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(String senderNodeId, byte[] payload);
}
