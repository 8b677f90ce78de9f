package dev.lakestation.benchmarks.client;

import dev.lakestation.benchmarks.BenchContext;
import dev.lakestation.benchmarks.Latencies;
import dev.lakestation.benchmarks.RunResult;
import dev.lakestation.benchmarks.StationStreams;
import dev.lakestation.benchmarks.ThroughputBenchmark;
import dev.lakestation.benchmarks.raw.Parallel;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.Producer;
import dev.lakestation.memphis.ProducerOptions;
import io.nats.client.JetStreamManagement;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;

/**
 * The Memphis client's {@code produceAsync} with its own bound of {@code --max-in-flight}
 * unacknowledged messages per producer (one producer per thread), round robin over the partitions;
 * compare with {@code raw-publish}. Latency = produce call to PubAck.
 */
@Command(name = "client-produce", description = "memphis-client Producer.produceAsync (bounded in flight).")
public final class ClientProduce extends ThroughputBenchmark {
    @Override
    protected String describe() {
        return super.describe() + ", ≤" + options.maxInFlight + " in flight, " + options.storage;
    }

    @Override
    protected String baseline() {
        return "raw-publish";
    }

    @Override
    protected RunResult runOnce(BenchContext ctx, int messages, int run) throws Exception {
        String station = "clientpub" + run;
        try (Memphis memphis = ClientSupport.connect(ctx)) {
            ClientSupport.createStation(memphis, station, options);
            Latencies latencies = new Latencies(messages);
            Producer[] producers = new Producer[options.threads];
            for (int t = 0; t < producers.length; t++) {
                producers[t] = memphis.producer(ProducerOptions.builder(station, "bench" + t)
                        .maxInFlight(options.maxInFlight).build());
            }
            byte[] payload = ctx.payload();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long start = System.nanoTime();
            Parallel.run(options.threads, messages, (thread, from, to) -> {
                Producer producer = producers[thread];
                for (int i = from; i < to && failure.get() == null; i++) {
                    final int index = i;
                    final long t0 = System.nanoTime();
                    producer.produceAsync(payload).whenComplete((ack, err) -> {
                        latencies.record(index, System.nanoTime() - t0);
                        if (err != null) {
                            failure.compareAndSet(null, err);
                        }
                    });
                }
                producer.flush();
            });
            long nanos = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IllegalStateException("produce failed: " + failure.get(), failure.get());
            }
            JetStreamManagement jsm = memphis.connection().jetStreamManagement();
            long stored = StationStreams.count(jsm, station, options.partitions);
            if (stored != messages) {
                throw new IllegalStateException("stored " + stored + " messages, produced " + messages);
            }
            for (Producer p : producers) {
                p.close();
            }
            memphis.destroyStation(station);
            return new RunResult(messages, (long) messages * payload.length, nanos, latencies);
        }
    }
}
