package dev.lakestation.connector.sink;

import static dev.lakestation.connector.sink.testutils.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.sink.serializer.MemphisSinkRecord;
import dev.lakestation.connector.sink.testutils.FailOnceAfterCheckpoint;
import dev.lakestation.connector.sink.testutils.TestOptions;
import dev.lakestation.connector.sink.testutils.TestStations;
import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.connector.sink.testutils.Throttle;
import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.ProduceOptions;
import dev.lakestation.memphis.Producer;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.connector.sink.testutils.FlinkRest;
import dev.lakestation.testsupport.FlinkJobFailures;
import dev.lakestation.testsupport.NatsServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end: MemphisSource (checkpointed acks) → map → MemphisSink EXACTLY_ONCE, with a job failure
 * after a completed checkpoint. The output station holds every input record exactly once — with the
 * write-ahead committer, and with pass-through message ids taken from the source coordinates
 * (station:partition:sequence).
 *
 * <p>The source runs unbounded and the job is cancelled once the output holds as many records as the
 * input: in bounded mode the source can end a partition's split at its stop sequence before the
 * messages that were in flight at the failure are redelivered (seen on branch {@code source} at
 * 61ae4c8: the tail of a partition never emitted, the job still FINISHED), which would hide what this
 * test is about.
 */
class MemphisSourceToSinkITCase {
    private static final int PER_PARTITION = 1_500;
    private static final int IN_PARTITIONS = 2;
    private static final int OUT_PARTITIONS = 3;

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static TestStations stations;

    @BeforeAll
    static void connect() throws Exception {
        stations = new TestStations(NATS.natsUrl());
    }

    @AfterAll
    static void close() throws Exception {
        stations.close();
    }

    @Test
    void exactlyOnceThroughWriteAheadCommitter() throws Exception {
        runPipeline("e2e.in-wa", "e2e.out-wa", false);
        assertExactlyOnce("e2e.in-wa", "e2e.out-wa", false);
    }

    @Test
    void exactlyOnceWithPassThroughMessageIds() throws Exception {
        runPipeline("e2e.in-ids", "e2e.out-ids", true);
        assertExactlyOnce("e2e.in-ids", "e2e.out-ids", true);
    }

    private void runPipeline(String in, String out, boolean passThroughIds) throws Exception {
        try (Memphis memphis = Memphis.connect(TestOptions.of(NATS))) {
            memphis.createStation(StationOptions.builder(in).partitions(IN_PARTITIONS).build());
            memphis.createStation(StationOptions.builder(out).partitions(OUT_PARTITIONS).build());
            try (Producer producer = memphis.producer(in, "e2e-input")) {
                for (int p = 1; p <= IN_PARTITIONS; p++) {
                    for (int i = 0; i < PER_PARTITION; i++) {
                        producer.produceAsync("p" + p + "-" + i, ProduceOptions.partition(p));
                    }
                }
                producer.flush();
            }
        }
        for (int p = 1; p <= IN_PARTITIONS; p++) {
            assertThat(stations.count(in, p)).as("input partition %d", p).isEqualTo(PER_PARTITION);
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);

        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestOptions.of(NATS))
                .setStations(in)
                .setConsumerGroup("e2e")
                .setMaxAckTime(Duration.ofSeconds(3)) // redeliver unacked input soon after the restart
                .setDeserializer(new WithCoordinates())
                .setUnbounded() // see the class comment
                .build();
        MemphisSinkBuilder<String> sink = MemphisSink.<String>builder()
                .setOptions(TestOptions.of(NATS))
                .setStation(out)
                .setSerializer(s -> MemphisSinkRecord.builder(s.substring(s.indexOf('|') + 1).getBytes(StandardCharsets.UTF_8))
                        .header("source", s.substring(0, s.indexOf('|'))).build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE);
        if (passThroughIds) {
            sink.setMessageIdExtractor(s -> s.substring(0, s.indexOf('|')));
        }
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis-in")
                .map(new Throttle<>(3_000)).name("throttle")
                .map(s -> s.substring(0, s.indexOf('|') + 1) + s.substring(s.indexOf('|') + 1).toUpperCase(Locale.ROOT))
                .returns(Types.STRING)
                .map(new FailOnceAfterCheckpoint<>(PER_PARTITION / 2)).name("fail-once")
                .sinkTo(sink.build());
        JobClient job = env.executeAsync("memphis → memphis " + (passThroughIds ? "with ids" : "write-ahead"));
        int expected = IN_PARTITIONS * PER_PARTITION;
        try {
            await(Duration.ofSeconds(90), expected + " records in " + out, () -> outputCount(out) >= expected);
            // the injected failure happened, once, and the restart restored a checkpoint (else no replay was tested)
            assertThat(FlinkJobFailures.assertFailures(FlinkRest.url(FLINK), job.getJobID().toHexString(), 1, 1,
                    "injected failure after").restoredCheckpoints()).as("restores from a checkpoint").isEqualTo(1);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static void assertExactlyOnce(String in, String out, boolean passThroughIds) throws Exception {
        List<Stored> stored = stations.readAll(out, OUT_PARTITIONS);
        Map<String, Long> counts = stored.stream().collect(Collectors.groupingBy(Stored::payload, Collectors.counting()));
        Set<String> expected = IntStream.rangeClosed(1, IN_PARTITIONS).boxed()
                .flatMap(p -> IntStream.range(0, PER_PARTITION).mapToObj(i -> "P" + p + "-" + i))
                .collect(Collectors.toSet());
        Set<String> missing = new java.util.TreeSet<>(expected);
        missing.removeAll(counts.keySet());
        Set<String> unexpected = new java.util.TreeSet<>(counts.keySet());
        unexpected.removeAll(expected);
        assertThat(missing).as("records missing from the output").isEmpty();
        assertThat(unexpected).as("records that were never input").isEmpty();
        Set<String> duplicated = new java.util.TreeSet<>();
        counts.forEach((k, v) -> {
            if (v > 1) {
                duplicated.add(k);
            }
        });
        assertThat(duplicated).as("records stored more than once").isEmpty();
        assertThat(stored).hasSize(expected.size());
        assertThat(stored).allSatisfy(s -> assertThat(s.headers().get("source")).startsWith(in + ":"));
        if (passThroughIds) {
            assertThat(stored).allSatisfy(s -> assertThat(s.messageId()).isEqualTo(s.headers().get("source")));
        }
        // round robin over the output partitions
        assertThat(stored.stream().map(Stored::partition).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2, 3);
    }

    private static long outputCount(String station) {
        long n = 0;
        for (int p = 1; p <= OUT_PARTITIONS; p++) {
            try {
                n += stations.count(station, p);
            } catch (Exception e) {
                return -1;
            }
        }
        return n;
    }

    /** Payload prefixed with its source coordinates {@code station:partition:sequence|}. */
    static final class WithCoordinates implements MemphisDeserializationSchema<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(dev.lakestation.connector.source.MemphisRecord r, Collector<String> out) {
            out.collect(r.station() + ":" + r.partition() + ":" + r.sequence() + "|"
                    + new String(r.data(), StandardCharsets.UTF_8));
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }
}
