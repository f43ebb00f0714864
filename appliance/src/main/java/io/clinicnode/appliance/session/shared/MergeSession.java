package io.clinicnode.appliance.session.shared;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

/**
 * Merges a state of a session into the shared map on the partition's owner (and the same on its backup), atomically
 * per key: every write of a session — open, slide, revoke, a node's H2 copy merged back after a restart — is this
 * {@link SharedSession#join join}, so no write can bring a revoked session back. The entry lives until its
 * {@code keepUntil}. Returns the merged state.
 */
final class MergeSession implements EntryProcessor<String, SharedSession, SharedSession> {
    private final SharedSession incoming;

    MergeSession(SharedSession incoming) {
        this.incoming = incoming;
    }

    SharedSession incoming() {
        return incoming;
    }

    @Override
    public SharedSession process(Map.Entry<String, SharedSession> entry) {
        SharedSession current = entry.getValue();
        SharedSession merged = SharedSession.join(current, incoming);
        if (!merged.sameAs(current)) {
            long ttl = Math.max(1_000, merged.keepUntil() - System.currentTimeMillis());
            ((ExtendedMapEntry<String, SharedSession>) entry).setValue(merged, ttl, TimeUnit.MILLISECONDS);
        }
        return merged;
    }
}
