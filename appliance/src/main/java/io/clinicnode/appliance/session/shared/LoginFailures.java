package io.clinicnode.appliance.session.shared;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

/**
 * The recent failed logins of one user or address, cluster-wide: the epoch milliseconds of at most the last
 * {@code max} failures. Holds no user data (the key is a keyed hash of the name or address). Immutable.
 *
 * @param times failure times, oldest first
 */
record LoginFailures(long[] times) {
    /** How long until another attempt is allowed at {@code now}, in milliseconds; 0 when it is allowed now. */
    long blockedForMillis(long now, long windowMillis, int max) {
        long[] recent = Arrays.stream(times).filter(time -> time > now - windowMillis).toArray();
        return recent.length < max ? 0 : Math.max(0, recent[recent.length - max] + windowMillis - now);
    }

    /**
     * Records one failure on the partition's owner, atomically per key, keeping the last {@code max} within the window;
     * the entry disappears a window after the last failure.
     */
    record Record(long now, long windowMillis, int max) implements EntryProcessor<String, LoginFailures, Void> {
        @Override
        public Void process(Map.Entry<String, LoginFailures> entry) {
            long[] previous = entry.getValue() == null ? new long[0] : entry.getValue().times();
            long[] recent = Arrays.stream(previous).filter(time -> time > now - windowMillis).toArray();
            long[] next = Arrays.copyOfRange(recent, Math.max(0, recent.length + 1 - max), recent.length + 1);
            next[next.length - 1] = now;
            ((ExtendedMapEntry<String, LoginFailures>) entry).setValue(new LoginFailures(next), windowMillis, TimeUnit.MILLISECONDS);
            return null;
        }
    }
}
