package io.clinicnode.appliance.session;

import java.util.Arrays;

/**
 * The login attempts counted for one user or one address: their times in epoch milliseconds, oldest first, never
 * more than the limit. The same arithmetic runs in this node's memory ({@link LocalLoginThrottle}) and, inside entry
 * processors, on the Hazelcast member that owns the key ({@code session.shared}). Holds no user data. Immutable.
 *
 * @param times the counted attempts' times, oldest first
 */
public record LoginAttempts(long[] times) {
    public static final LoginAttempts NONE = new LoginAttempts(new long[0]);

    /** How long until one more attempt may be counted at {@code now}, in milliseconds; 0 when it may be now. */
    public long waitMillis(long now, long windowMillis, int max) {
        long[] recent = recent(now, windowMillis);
        // Only admitted attempts are kept and at most max of them, so the oldest recent one frees the next place.
        return recent.length < max ? 0 : Math.max(1, recent[recent.length - max] + windowMillis - now);
    }

    /** These attempts within the window, and one more at {@code now}; only when {@link #waitMillis} is 0. */
    public LoginAttempts plus(long now, long windowMillis) {
        long[] recent = recent(now, windowMillis);
        long[] next = Arrays.copyOf(recent, recent.length + 1);
        next[recent.length] = now;
        return new LoginAttempts(next);
    }

    /** Without one attempt counted at {@code time} (it is given back); unchanged when there is none. */
    public LoginAttempts without(long time) {
        for (int index = 0; index < times.length; index++) {
            if (times[index] == time) {
                long[] next = new long[times.length - 1];
                System.arraycopy(times, 0, next, 0, index);
                System.arraycopy(times, index + 1, next, index, times.length - index - 1);
                return new LoginAttempts(next);
            }
        }
        return this;
    }

    /** Only the attempts counted after {@code time}: those up to it are forgotten. */
    public LoginAttempts after(long time) {
        return new LoginAttempts(Arrays.stream(times).filter(counted -> counted > time).toArray());
    }

    public boolean isEmpty() {
        return times.length == 0;
    }

    private long[] recent(long now, long windowMillis) {
        return Arrays.stream(times).filter(time -> time > now - windowMillis).toArray();
    }
}
