package dev.lakestation.benchmarks;

/**
 * One measured run.
 *
 * @param messages messages moved
 * @param bytes payload bytes moved
 * @param nanos wall-clock time of the measured part
 * @param latencies per-message latencies, or null where they mean nothing (e.g. consume)
 */
public record RunResult(long messages, long bytes, long nanos, Latencies latencies) {
    public double msgsPerSecond() {
        return messages * 1e9 / nanos;
    }

    public double megabytesPerSecond() {
        return bytes * 1e9 / nanos / 1_000_000.0;
    }
}
