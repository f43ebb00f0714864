package io.clinicnode.appliance.session.shared;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.session.LoginAttempts;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

/**
 * Takes counted login attempts off one key, atomically on the partition's owner: the one attempt counted at {@code
 * countedAt} (a refused or successful attempt gives its place back), or, with {@code upToIt}, every attempt counted up
 * to it (a success clears the user's earlier failures, while attempts counted after it stay). Removes the entry when
 * nothing is left.
 */
record GiveBackAttempt(long countedAt, boolean upToIt, long windowMillis) implements EntryProcessor<String, LoginAttempts, Void> {
    @Override
    public Void process(Map.Entry<String, LoginAttempts> entry) {
        if (entry.getValue() == null) {
            return null;
        }
        LoginAttempts left = upToIt ? entry.getValue().after(countedAt) : entry.getValue().without(countedAt);
        if (left.isEmpty()) {
            entry.setValue(null);
        } else {
            ((ExtendedMapEntry<String, LoginAttempts>) entry).setValue(left, windowMillis, TimeUnit.MILLISECONDS);
        }
        return null;
    }
}
