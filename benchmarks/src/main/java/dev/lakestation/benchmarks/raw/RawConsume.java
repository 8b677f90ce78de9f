package dev.lakestation.benchmarks.raw;

import dev.lakestation.memphis.internal.DurableStart;
import dev.lakestation.memphis.internal.JetStreamAdmin;
import io.nats.client.JetStreamOptions;
import dev.lakestation.benchmarks.BenchContext;
import dev.lakestation.benchmarks.RunResult;
import dev.lakestation.benchmarks.StationStreams;
import dev.lakestation.benchmarks.Stopwatch;
import dev.lakestation.benchmarks.ThroughputBenchmark;
import io.nats.client.BaseConsumerContext;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.IterableConsumer;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Message;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Baseline: a durable pull consumer per partition stream with explicit acks, configured as the
 * Memphis broker creates a consumer group (filter {@code .final}, AckExplicit, ack wait 30 s, max
 * deliver 10). The station is filled first (not measured); the measured part pulls and acks every
 * message and ends when the last ack has been flushed to the server.
 */
@Command(name = "raw-consume", description = "jnats durable pull consumer + explicit ack baseline.")
public final class RawConsume extends ThroughputBenchmark {
    @Option(names = "--pull", description = "subscription: JetStreamSubscription.fetch(batch) on one bound pull "
            + "subscription, one pull at a time (what the SDKs' fetch does); fetch: the simplified API's "
            + "ConsumerContext.fetch per batch; iterate: jnats' pipelined pulls (default: ${DEFAULT-VALUE}).")
    String pull = "subscription";

    @Override
    protected String describe() {
        return super.describe() + ", " + pull + " batch " + options.batch + ", " + options.storage
                + (options.memphisHeaders ? ", Memphis headers" : "");
    }

    @Override
    protected RunResult runOnce(BenchContext ctx, int messages, int run) throws Exception {
        String station = "rawcon" + run;
        int partitions = options.partitions;
        try (Connection nc = ctx.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            JetStreamAdmin admin = new JetStreamAdmin(nc, JetStreamOptions.DEFAULT_JS_OPTIONS);
            StationStreams.create(jsm, station, partitions, options.storage);
            Fill.station(nc, station, partitions, messages, ctx.payload(), options.maxInFlight, options.memphisHeaders);
            long[] perPartition = new long[partitions + 1];
            for (int p = 1; p <= partitions; p++) {
                perPartition[p] = jsm.getStreamInfo(StationStreams.stream(station, p)).getStreamState().getMsgCount();
                // the group's durable exactly as the client and the source create it (unlimited max-ack-pending)
                admin.ensureDurable(StationStreams.stream(station, p), "group", DurableStart.all(),
                        Duration.ofSeconds(30), 10);
            }
            Stopwatch stopwatch = Stopwatch.start();
            Parallel.run(options.threads, options.threads, (thread, from, to) -> {
                for (int p : Parallel.partitionsOf(thread, options.threads, partitions)) {
                    if (partitions == 1 && thread > 0) {
                        return; // one partition is read by one thread
                    }
                    ConsumerContext consumer = nc.getStreamContext(StationStreams.stream(station, p))
                            .getConsumerContext("group");
                    drain(nc, StationStreams.stream(station, p), consumer, perPartition[p]);
                }
            });
            nc.flush(Duration.ofSeconds(30));
            Stopwatch.Elapsed elapsed = stopwatch.stop();
            StationStreams.awaitAllAcked(jsm, station, partitions, "group", Duration.ofSeconds(30));
            StationStreams.delete(jsm, station, partitions);
            return new RunResult(messages, (long) messages * ctx.payload().length, elapsed, null);
        }
    }

    private void drain(Connection nc, String stream, BaseConsumerContext consumer, long expected) throws Exception {
        long received = 0;
        if (pull.equals("iterate")) {
            try (IterableConsumer it = consumer.iterate(ConsumeOptions.builder().batchSize(options.batch).build())) {
                while (received < expected) {
                    Message m = it.nextMessage(Duration.ofSeconds(5));
                    if (m == null) {
                        throw new IllegalStateException("no message for 5 s after " + received + " of " + expected);
                    }
                    m.ack();
                    received++;
                }
            }
            return;
        }
        if (pull.equals("subscription")) {
            JetStreamSubscription sub = nc.jetStream().subscribe(null, PullSubscribeOptions.bind(stream, "group"));
            try {
                while (received < expected) {
                    for (Message m : sub.fetch(options.batch, Duration.ofSeconds(1))) {
                        m.ack();
                        received++;
                    }
                }
            } finally {
                sub.unsubscribe();
            }
            return;
        }
        FetchConsumeOptions fetch = FetchConsumeOptions.builder().maxMessages(options.batch).expiresIn(1000).build();
        while (received < expected) {
            FetchConsumer batch = consumer.fetch(fetch);
            Message m;
            while ((m = batch.nextMessage()) != null) {
                m.ack();
                received++;
            }
        }
    }
}
