package io.clinicnode.appliance.session.shared;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How the sessions map heals after a LAN partition: per session, the {@link SharedSession#join join} of both sides —
 * a logout on either side holds, otherwise the later expiry (the more recent use) wins. Hazelcast's built-in policies
 * do not fit: {@code LatestUpdateMergePolicy} would let a slide on one side undo a logout on the other (a revoked
 * session coming back), {@code PutIfAbsent} would keep stale expiries, and the others know nothing of revocation.
 * Stateless; Hazelcast makes it by class name on every member.
 */
public final class SessionMergePolicy implements SplitBrainMergePolicy<SharedSession, MergingValue<SharedSession>, Object> {
    @Override
    public Object merge(MergingValue<SharedSession> merging, MergingValue<SharedSession> existing) {
        if (existing == null) {
            return merging.getRawValue();
        }
        SharedSession mergingSession = merging.getDeserializedValue();
        SharedSession existingSession = existing.getDeserializedValue();
        return SharedSession.join(mergingSession, existingSession) == mergingSession ? merging.getRawValue() : existing.getRawValue();
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // No state.
    }

    @Override
    public void readData(ObjectDataInput in) {
        // No state.
    }
}
