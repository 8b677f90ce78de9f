package dev.lakestation.benchmarks.raw;

import dev.lakestation.benchmarks.BenchContext;
import dev.lakestation.benchmarks.Latencies;
import dev.lakestation.benchmarks.RunResult;
import dev.lakestation.benchmarks.StationStreams;
import dev.lakestation.benchmarks.Stopwatch;
import dev.lakestation.benchmarks.ThroughputBenchmark;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.impl.Headers;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;

/**
 * Baseline: jnats {@code publishAsync} to the station's partition subjects with at most
 * {@code --max-in-flight} PubAcks outstanding per thread; latency = publish call to PubAck.
 */
@Command(name = "raw-publish", description = "jnats publishAsync baseline (bounded outstanding PubAcks).")
public final class RawPublish extends ThroughputBenchmark {
    @Override
    protected String describe() {
        return super.describe() + ", ≤" + options.maxInFlight + " in flight, " + options.storage
                + (options.memphisHeaders ? ", Memphis headers" : "");
    }

    @Override
    protected RunResult runOnce(BenchContext ctx, int messages, int run) throws Exception {
        String station = "rawpub" + run;
        int partitions = options.partitions;
        try (Connection nc = ctx.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StationStreams.create(jsm, station, partitions, options.storage);
            Latencies latencies = new Latencies(messages);
            Stopwatch stopwatch = Stopwatch.start();
            Parallel.run(options.threads, messages, (thread, from, to) ->
                    publish(nc.jetStream(), ctx.payload(), station, thread, from, to, latencies));
            Stopwatch.Elapsed elapsed = stopwatch.stop();
            long stored = StationStreams.count(jsm, station, partitions);
            if (stored != messages) {
                throw new IllegalStateException("stored " + stored + " messages, published " + messages);
            }
            StationStreams.delete(jsm, station, partitions);
            return new RunResult(messages, (long) messages * ctx.payload().length, elapsed, latencies);
        }
    }

    private void publish(JetStream js, byte[] payload, String station, int thread, int from, int to,
            Latencies latencies) throws Exception {
        int[] partitions = Parallel.partitionsOf(thread, options.threads, options.partitions);
        String[] subjects = new String[partitions.length];
        for (int i = 0; i < partitions.length; i++) {
            subjects[i] = StationStreams.dataSubject(station, partitions[i]);
        }
        Headers headers = ProducerHeaders.of(options.memphisHeaders, "bench");
        Semaphore window = new Semaphore(options.maxInFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = from; i < to; i++) {
            window.acquire();
            if (failure.get() != null) {
                break;
            }
            final int index = i;
            final long t0 = System.nanoTime();
            js.publishAsync(subjects[i % subjects.length], headers, payload).whenComplete((ack, err) -> {
                latencies.record(index, System.nanoTime() - t0);
                if (err != null) {
                    failure.compareAndSet(null, err);
                }
                window.release();
            });
        }
        if (!window.tryAcquire(options.maxInFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("PubAcks still missing after 60 s");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publish failed: " + failure.get(), failure.get());
        }
    }
}
