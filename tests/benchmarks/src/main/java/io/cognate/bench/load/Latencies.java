package io.cognate.bench.load;

import java.util.Arrays;

/**
 * Latencies of the operations in the measured window, in nanoseconds; percentiles by the
 * nearest-rank rule (the smallest value with at least p % of the values at or below it), so every
 * percentile is a latency some operation really had. Thread-safe: workers add, the progress line reads.
 */
public final class Latencies {
    private long[] values = new long[1024];
    private int count;

    public synchronized void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    public synchronized int count() {
        return count;
    }

    /** The values so far, sorted. */
    public synchronized long[] sorted() {
        long[] copy = Arrays.copyOf(values, count);
        Arrays.sort(copy);
        return copy;
    }

    /** The nearest-rank {@code percent} percentile of {@code sorted} (ascending); NaN when empty. */
    public static double percentile(long[] sorted, double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("a percentile lies in (0, 100]: " + percent);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** The same in milliseconds. */
    public static double percentileMs(long[] sorted, double percent) {
        return percentile(sorted, percent) / 1e6;
    }
}
