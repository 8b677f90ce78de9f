package dev.lakestation.benchmarks.synadia;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;

/** Counts records and remembers when the first and the last arrived (local execution: one JVM). */
final class Counter implements MapFunction<byte[], byte[]> {
    static final AtomicLong COUNT = new AtomicLong();
    static final AtomicLong FIRST = new AtomicLong();
    static final AtomicLong LAST = new AtomicLong();

    static void reset() {
        COUNT.set(0);
        FIRST.set(0);
        LAST.set(0);
    }

    @Override
    public byte[] map(byte[] value) {
        long now = System.nanoTime();
        if (COUNT.getAndIncrement() == 0) {
            FIRST.compareAndSet(0, now);
        }
        LAST.set(now);
        return value;
    }
}
