package io.clinicnode.sync.agent;

/**
 * Lag of shipped events (event time to commit at central) within the current minute, in log-spaced buckets
 * (10 % wide), for the {@code sync_lag_minute} row: its 99th percentile, maximum and count.
 *
 * <p>Not thread-safe: the agent's thread records and reads.
 */
final class LagStats {
    private static final double GROWTH = 1.1;
    private static final int BUCKETS = 200;

    private final long[] counts = new long[BUCKETS];
    private long minute = -1;
    private long total;
    private long unsent;
    private double max;

    /** Records one event's lag, starting a new minute when the clock moved on. */
    void record(long nowMillis, double lagMillis) {
        long thisMinute = nowMillis - Math.floorMod(nowMillis, 60_000L);
        if (thisMinute != minute) {
            java.util.Arrays.fill(counts, 0);
            minute = thisMinute;
            total = 0;
            max = 0;
        }
        double lag = Math.max(lagMillis, 0);
        counts[bucket(lag)]++;
        total++;
        unsent++;
        max = Math.max(max, lag);
    }

    private static int bucket(double lagMillis) {
        if (lagMillis < 1) {
            return 0;
        }
        return (int) Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(lagMillis) / Math.log(GROWTH)));
    }

    /** The upper bound of the bucket holding the 99th percentile of this minute. */
    double p99() {
        long rank = (long) Math.ceil(total * 0.99);
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts[bucket];
            if (seen >= rank && seen > 0) {
                return Math.min(max, bucket == 0 ? 1 : Math.pow(GROWTH, bucket));
            }
        }
        return max;
    }

    double max() {
        return max;
    }

    long minuteMillis() {
        return minute;
    }

    /** Events recorded and not yet counted in the minute's row at central. */
    long unsent() {
        return unsent;
    }

    /** {@code count} events were counted at central (the transaction carrying them committed). */
    void sent(long count) {
        unsent -= count;
    }

    boolean hasData() {
        return minute >= 0;
    }
}
