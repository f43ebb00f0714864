package io.clinicnode.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Latency samples of one measurement and their nearest-rank percentiles, from a plain sorted array: exact,
 * and small enough for the few hundred thousand samples a bench run takes.
 *
 * <p>Not thread-safe: each client thread records into its own instance; {@link #merge} combines them after.
 */
public final class Latencies {
    private long[] nanos = new long[1024];
    private int size;
    private boolean sorted = true;

    public void record(long sampleNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = sampleNanos;
        sorted = false;
    }

    public static Latencies merge(Collection<Latencies> parts) {
        Latencies all = new Latencies();
        all.nanos = new long[Math.max(1, parts.stream().mapToInt(part -> part.size).sum())];
        for (Latencies part : parts) {
            System.arraycopy(part.nanos, 0, all.nanos, all.size, part.size);
            all.size += part.size;
        }
        all.sorted = all.size == 0;
        return all;
    }

    public int count() {
        return size;
    }

    /** The smallest sample at or above {@code percent} % of all samples (nearest rank), in milliseconds. */
    public double percentileMillis(double percent) {
        if (size == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(nanos, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(percent / 100.0 * size);
        return nanos[Math.min(size, Math.max(1, rank)) - 1] / 1e6;
    }

    /** E.g. {@code p50 3.21 ms, p99 41.07 ms, max 80.12 ms}. */
    public String describe() {
        if (size == 0) {
            return "no samples";
        }
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms", percentileMillis(50), percentileMillis(99), percentileMillis(100));
    }
}
