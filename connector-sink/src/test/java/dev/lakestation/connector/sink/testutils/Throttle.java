package dev.lakestation.connector.sink.testutils;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/** Identity map limited to a total rate, so a fast bounded source spans several checkpoints. */
public final class Throttle<T> extends RichMapFunction<T, T> {
    private final double perSecond;
    private transient RateLimiter limiter;

    public Throttle(double perSecond) {
        this.perSecond = perSecond;
    }

    @Override
    public void open(OpenContext context) {
        limiter = RateLimiterStrategy.perSecond(perSecond)
                .createRateLimiter(getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }

    @Override
    public T map(T value) {
        limiter.acquire().toCompletableFuture().join();
        return value;
    }
}
