package dev.lakestation.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Wall-clock time plus the CPU time this JVM and the nats-server (a child process) spent in between.
 * CPU per message is much less sensitive than throughput to other processes loading the machine, so
 * it is the better number to compare client and raw on a shared host.
 */
public final class Stopwatch {
    private final long wall0;
    private final long jvm0;
    private final long server0;

    private Stopwatch() {
        this.wall0 = System.nanoTime();
        this.jvm0 = jvmCpuNanos();
        this.server0 = serverCpuNanos();
    }

    public static Stopwatch start() {
        return new Stopwatch();
    }

    public Elapsed stop() {
        long wall = System.nanoTime() - wall0;
        return new Elapsed(wall, jvmCpuNanos() - jvm0, serverCpuNanos() - server0);
    }

    /** Wall time and CPU times (negative when the platform cannot tell) of a measured part. */
    public record Elapsed(long wallNanos, long jvmCpuNanos, long serverCpuNanos) {}

    private static long jvmCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long serverCpuNanos() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("nats-server")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }
}
