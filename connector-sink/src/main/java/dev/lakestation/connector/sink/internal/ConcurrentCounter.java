package dev.lakestation.connector.sink.internal;

import org.apache.flink.annotation.Internal;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.metrics.Counter;

/** A metrics counter safe to bump from client callback threads. */
@Internal
public final class ConcurrentCounter implements Counter {
    private final LongAdder value = new LongAdder();

    @Override
    public void inc() {
        value.increment();
    }

    @Override
    public void inc(long n) {
        value.add(n);
    }

    @Override
    public void dec() {
        value.decrement();
    }

    @Override
    public void dec(long n) {
        value.add(-n);
    }

    @Override
    public long getCount() {
        return value.sum();
    }
}
