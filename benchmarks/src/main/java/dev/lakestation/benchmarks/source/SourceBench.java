package dev.lakestation.benchmarks.source;

import dev.lakestation.benchmarks.BenchContext;
import dev.lakestation.benchmarks.RunResult;
import dev.lakestation.benchmarks.StationStreams;
import dev.lakestation.benchmarks.Stopwatch;
import dev.lakestation.benchmarks.ThroughputBenchmark;
import dev.lakestation.benchmarks.raw.Fill;
import dev.lakestation.connector.source.AckMode;
import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.MemphisSourceOptions;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.MemphisOptions;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * MemphisSource throughput in a local Flink MiniCluster: a bounded job (stop at what the station
 * holds) reads every message through the consumer group with acks on checkpoint, into a discarding
 * sink. Measured from the first record reaching the job until the broker reports every message
 * acked (so the checkpointed acks are inside the measurement, the job's start-up is not).
 */
@Command(name = "source", description = "MemphisSource (Flink) with checkpointed acks vs raw jnats consume.")
public final class SourceBench extends ThroughputBenchmark {
    @Option(names = "--parallelism", description = "Flink source parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 1;

    @Option(names = "--checkpoint-interval", description = "Checkpoint interval in ms (default: ${DEFAULT-VALUE}).")
    long checkpointMillis = 1000;

    @Option(names = "--ack-mode", description = "ON_CHECKPOINT or AFTER_EMIT (default: ${DEFAULT-VALUE}).")
    AckMode ackMode = AckMode.ON_CHECKPOINT;

    static final AtomicBoolean FIRST = new AtomicBoolean();
    static final AtomicLong COUNT = new AtomicLong();

    @Override
    protected String describe() {
        return options.partitions + " partition(s), parallelism " + parallelism + ", checkpoint " + checkpointMillis
                + " ms, " + ackMode + ", fetch batch " + options.batch + ", " + options.storage;
    }

    @Override
    protected String baseline() {
        return "raw-consume";
    }

    /** Marks the first record and counts; runs in the MiniCluster of this JVM. */
    static final class Count implements MapFunction<byte[], byte[]> {
        @Override
        public byte[] map(byte[] value) {
            FIRST.set(true);
            COUNT.incrementAndGet();
            return value;
        }
    }

    @Override
    protected RunResult runOnce(BenchContext ctx, int messages, int run) throws Exception {
        String station = "srcbench" + run;
        int partitions = options.partitions;
        try (Connection nc = ctx.connect()) {
            JetStreamManagement jsm = nc.jetStreamManagement();
            StationStreams.create(jsm, station, partitions, options.storage);
            Fill.station(nc, station, partitions, messages, ctx.payload(), options.maxInFlight, options.memphisHeaders);
            long stored = StationStreams.count(jsm, station, partitions);

            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
            env.enableCheckpointing(checkpointMillis);
            MemphisSource<byte[]> source = MemphisSource.<byte[]>builder()
                    .setOptions(MemphisOptions.builder().host(ctx.server().host()).port(ctx.server().port())
                            .username("root").connectionToken(BenchContext.TOKEN)
                            .controlPlane(ControlPlane.JETSTREAM).build())
                    .setStations(station)
                    .setConsumerGroup("group")
                    .setDeserializer(MemphisDeserializers.bytes())
                    .setAckMode(ackMode)
                    .setMaxAckTime(Duration.ofSeconds(30))
                    .setConfig(MemphisSourceOptions.FETCH_BATCH_SIZE, options.batch)
                    .setBounded()
                    .build();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis")
                    .map(new Count())
                    .sinkTo(new DiscardingSink<>());
            FIRST.set(false);
            COUNT.set(0);
            JobClient job = env.executeAsync("source benchmark " + station);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!FIRST.get()) {
                check(deadline, "first record");
                Thread.sleep(1); // polling interval of a wait with a deadline
            }
            Stopwatch stopwatch = Stopwatch.start();
            // Watch the in-JVM count while the job reads: polling the broker's consumer info for every
            // partition every few milliseconds costs the broker (and this JVM) more than the reads being
            // measured (raw-consume does not poll either). Only the ack tail is watched on the broker.
            while (COUNT.get() < stored) {
                check(deadline, "all records (" + COUNT.get() + " read)");
                Thread.sleep(5); // polling interval of a wait with a deadline
            }
            while (!allAcked(jsm, station, partitions, stored)) {
                check(deadline, "all acks (" + COUNT.get() + " records read)");
                Thread.sleep(5); // polling interval of a wait with a deadline
            }
            Stopwatch.Elapsed elapsed = stopwatch.stop();
            job.getJobExecutionResult().get();
            if (COUNT.get() != stored) {
                throw new IllegalStateException("job read " + COUNT.get() + " records, station holds " + stored);
            }
            StationStreams.awaitAllAcked(jsm, station, partitions, "group", Duration.ofSeconds(30));
            StationStreams.delete(jsm, station, partitions);
            return new RunResult(stored, stored * ctx.payload().length, elapsed, null);
        }
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    private static boolean allAcked(JetStreamManagement jsm, String station, int partitions, long stored)
            throws Exception {
        long acked = 0;
        for (int p = 1; p <= partitions; p++) {
            ConsumerInfo ci = jsm.getConsumerInfo(StationStreams.stream(station, p), "group");
            if (ci.getNumAckPending() != 0 || ci.getNumPending() != 0) {
                return false;
            }
            acked += ci.getAckFloor().getStreamSequence();
        }
        return acked == stored;
    }
}
