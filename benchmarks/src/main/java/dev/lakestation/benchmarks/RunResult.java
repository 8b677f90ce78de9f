package dev.lakestation.benchmarks;

/**
 * One measured run.
 *
 * @param messages messages moved
 * @param bytes payload bytes moved
 * @param elapsed wall-clock and CPU time of the measured part
 * @param latencies per-message latencies, or null where they mean nothing (e.g. consume)
 */
public record RunResult(long messages, long bytes, Stopwatch.Elapsed elapsed, Latencies latencies) {
    public long nanos() {
        return elapsed.wallNanos();
    }

    /** CPU microseconds per message spent by the benchmark JVM (client or raw jnats), or NaN. */
    public double jvmCpuMicrosPerMessage() {
        return elapsed.jvmCpuNanos() < 0 ? Double.NaN : elapsed.jvmCpuNanos() / 1000.0 / messages;
    }

    /** CPU microseconds per message spent by nats-server, or NaN. */
    public double serverCpuMicrosPerMessage() {
        return elapsed.serverCpuNanos() <= 0 ? Double.NaN : elapsed.serverCpuNanos() / 1000.0 / messages;
    }

    public double msgsPerSecond() {
        return messages * 1e9 / nanos();
    }

    public double megabytesPerSecond() {
        return bytes * 1e9 / nanos() / 1_000_000.0;
    }
}
