package io.clinicnode.appliance.session.shared;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.session.LoginAttempts;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

/**
 * Counts one login attempt at {@code now} for one key unless it has reached {@code max} within the window: the check and
 * the count are one step on the partition's owner (and the same on its backup), so parallel attempts on any nodes
 * cannot all see room for themselves. Returns 0 when counted, else how long until a place frees, in milliseconds. The
 * entry disappears a window after its last attempt.
 */
record CountAttempt(long now, long windowMillis, int max) implements EntryProcessor<String, LoginAttempts, Long> {
    @Override
    public Long process(Map.Entry<String, LoginAttempts> entry) {
        LoginAttempts current = entry.getValue() == null ? LoginAttempts.NONE : entry.getValue();
        long wait = current.waitMillis(now, windowMillis, max);
        if (wait == 0) {
            ((ExtendedMapEntry<String, LoginAttempts>) entry).setValue(current.plus(now, windowMillis), windowMillis,
                    TimeUnit.MILLISECONDS);
        }
        return wait;
    }
}
