package dev.lakestation.benchmarks.client;

import dev.lakestation.benchmarks.BenchContext;
import dev.lakestation.benchmarks.RunResult;
import dev.lakestation.benchmarks.StationStreams;
import dev.lakestation.benchmarks.ThroughputBenchmark;
import dev.lakestation.benchmarks.raw.Fill;
import dev.lakestation.benchmarks.raw.Parallel;
import dev.lakestation.memphis.Consumer;
import dev.lakestation.memphis.ConsumerOptions;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.MemphisMessage;
import io.nats.client.JetStreamManagement;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Memphis client's consumer group: {@code Consumer.fetch(batch)} and {@code ack()} per message,
 * one consumer per owned partition, draining each as {@code raw-consume} does. The station is filled
 * first with the same messages as the baseline (not measured); compare with {@code raw-consume}.
 */
@Command(name = "client-consume", description = "memphis-client Consumer.fetch + ack.")
public final class ClientConsume extends ThroughputBenchmark {
    @Option(names = "--prefetch", description = "Use fetch(batch, prefetch=true): the next batch is pulled while this one is acked.")
    boolean prefetch;

    @Override
    protected String describe() {
        return super.describe() + ", fetch batch " + options.batch + (prefetch ? " + prefetch" : "") + ", "
                + options.storage + (options.memphisHeaders ? ", Memphis headers" : "");
    }

    @Override
    protected String baseline() {
        return "raw-consume";
    }

    @Override
    protected RunResult runOnce(BenchContext ctx, int messages, int run) throws Exception {
        String station = "clientcon" + run;
        int partitions = options.partitions;
        try (Memphis memphis = ClientSupport.connect(ctx)) {
            ClientSupport.createStation(memphis, station, options);
            Fill.station(memphis.connection(), station, partitions, messages, ctx.payload(), options.maxInFlight,
                    options.memphisHeaders);
            JetStreamManagement jsm = memphis.connection().jetStreamManagement();
            long[] perPartition = new long[partitions + 1];
            Consumer[] consumers = new Consumer[partitions + 1];
            for (int p = 1; p <= partitions; p++) {
                perPartition[p] = jsm.getStreamInfo(StationStreams.stream(station, p)).getStreamState().getMsgCount();
                consumers[p] = memphis.consumer(ConsumerOptions.builder(station, "bench" + p)
                        .group("group")
                        .batchSize(options.batch)
                        .batchMaxWait(Duration.ofSeconds(1))
                        .partitionNumber(partitions == 1 ? -1 : p)
                        .build());
            }
            long start = System.nanoTime();
            Parallel.run(options.threads, options.threads, (thread, from, to) -> {
                if (partitions == 1 && thread > 0) {
                    return; // one partition is read by one thread
                }
                for (int p : Parallel.partitionsOf(thread, options.threads, partitions)) {
                    drain(consumers[p], perPartition[p]);
                }
            });
            memphis.connection().flush(Duration.ofSeconds(30));
            long nanos = System.nanoTime() - start;
            StationStreams.awaitAllAcked(jsm, station, partitions, "group", Duration.ofSeconds(30));
            for (int p = 1; p <= partitions; p++) {
                consumers[p].close();
            }
            memphis.destroyStation(station);
            return new RunResult(messages, (long) messages * ctx.payload().length, nanos, null);
        }
    }

    private void drain(Consumer consumer, long expected) {
        long received = 0;
        while (received < expected) {
            boolean more = received + options.batch < expected;
            List<MemphisMessage> batch = consumer.fetch(options.batch, prefetch && more);
            for (MemphisMessage m : batch) {
                m.ack();
            }
            received += batch.size();
        }
    }
}
