package dev.lakestation.benchmarks;

import java.util.Arrays;

/** Per-message latencies in nanoseconds, recorded into a preallocated array (no allocation per message). */
public final class Latencies {
    private final long[] nanos;

    public Latencies(int capacity) {
        this.nanos = new long[capacity];
    }

    /** Records message {@code index}; each index is written by exactly one thread. */
    public void record(int index, long latencyNanos) {
        nanos[index] = latencyNanos;
    }

    /** The p-th percentile (0..100) in microseconds. */
    public double percentileMicros(double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
    }
}
