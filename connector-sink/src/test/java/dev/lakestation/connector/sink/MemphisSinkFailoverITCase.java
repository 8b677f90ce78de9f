package dev.lakestation.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.lakestation.connector.sink.testutils.Await.await;

import dev.lakestation.connector.sink.serializer.MemphisSinkRecord;
import dev.lakestation.connector.sink.serializer.MemphisSerializers;
import dev.lakestation.connector.sink.testutils.FailOnceAfterCheckpoint;
import dev.lakestation.connector.sink.testutils.FailoverRecords;
import dev.lakestation.connector.sink.testutils.TestOptions;
import dev.lakestation.connector.sink.testutils.TestStations;
import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.connector.sink.testutils.FlinkRest;
import dev.lakestation.testsupport.FlinkJobFailures;
import dev.lakestation.testsupport.NatsServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job fails mid-stream (after a checkpoint completed, so committed output exists) and restarts
 * from its last checkpoint. Read back from the broker: EXACTLY_ONCE stores every record exactly
 * once (write-ahead committer, and user message ids), AT_LEAST_ONCE stores every record at least
 * once; every keyed record sits on the partition the Memphis SDK hash gives.
 */
class MemphisSinkFailoverITCase {
    private static final int RECORDS = 6_000;
    private static final int PARTITIONS = 3;
    private static final FailoverRecords EXPECTED = new FailoverRecords(RECORDS, PARTITIONS);

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
    void exactlyOnceWriteAheadSurvivesAFailure() throws Exception {
        String station = "failover.exactly-once";
        assertFailedOverOnce(runWithFailure(station, DeliveryGuarantee.EXACTLY_ONCE, false));
        EXPECTED.assertExactlyOnce(stations.readAll(station, PARTITIONS));
    }

    @Test
    void exactlyOnceWriteAheadPublishingInTheBackgroundSurvivesAFailure() throws Exception {
        String station = "failover.exactly-once-background";
        assertFailedOverOnce(runWithFailure(station, DeliveryGuarantee.EXACTLY_ONCE, false,
                sink -> sink.setConfig(MemphisSinkOptions.COMMITTER_BACKGROUND, true)));
        EXPECTED.assertExactlyOnce(stations.readAll(station, PARTITIONS));
    }

    @Test
    void exactlyOnceWithMessageIdsSurvivesAFailure() throws Exception {
        String station = "failover.exactly-once-ids";
        assertFailedOverOnce(runWithFailure(station, DeliveryGuarantee.EXACTLY_ONCE, true));
        List<Stored> stored = stations.readAll(station, PARTITIONS);
        EXPECTED.assertExactlyOnce(stored);
        assertThat(stored).allSatisfy(s -> assertThat(s.messageId()).isEqualTo("id-" + s.payload()));
    }

    @Test
    void atLeastOnceLosesNothing() throws Exception {
        String station = "failover.at-least-once";
        assertFailedOverOnce(runWithFailure(station, DeliveryGuarantee.AT_LEAST_ONCE, false));
        List<Stored> stored = stations.readAll(station, PARTITIONS);
        EXPECTED.assertAtLeastOnce(stored);
    }

    @Test
    void atLeastOnceRidesThroughABrokerRestart() throws Exception {
        String station = "failover.broker-restart";
        int records = 3_000;
        stations.create(station, PARTITIONS);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // the sink itself must ride it out
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(500);
        DataGeneratorSource<String> source = new DataGeneratorSource<>(
                FailoverRecords::payload, records, RateLimiterStrategy.perSecond(600), Types.STRING);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "records")
                .sinkTo(MemphisSink.<String>builder()
                        .setOptions(TestOptions.of(NATS))
                        .setStation(station)
                        .setValueSerializer(MemphisSerializers.string())
                        .setConfig(MemphisSinkOptions.PUBLISH_TIMEOUT, Duration.ofSeconds(2))
                        .setConfig(MemphisSinkOptions.RETRY_BACKOFF, Duration.ofMillis(100))
                        .build());
        JobClient job = env.executeAsync("broker restart");
        await(Duration.ofSeconds(30), "a third of the records stored", () -> storedCount(station) >= records / 3);
        long pid = NATS.server().pid();
        NATS.restart();
        assertThat(NATS.server().pid()).as("a new nats-server process").isNotEqualTo(pid).isPositive();
        assertThat(storedCount(station)).as("the restart happened mid-stream").isLessThan(records);
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);
        // restart strategy "none": any failure would have failed the job; the history says so explicitly
        FlinkJobFailures.assertFailures(FlinkRest.url(FLINK), job.getJobID().toHexString(), 0, 0);

        stations.close();
        stations = new TestStations(NATS.natsUrl());
        Set<String> payloads = stations.readAll(station, PARTITIONS).stream().map(Stored::payload)
                .collect(Collectors.toSet());
        assertThat(payloads).isEqualTo(LongStream.range(0, records).mapToObj(FailoverRecords::payload)
                .collect(Collectors.toSet()));
    }

    private static long storedCount(String station) {
        long n = 0;
        for (int p = 1; p <= PARTITIONS; p++) {
            try {
                n += stations.count(station, p);
            } catch (Exception e) {
                return -1;
            }
        }
        return n;
    }

    private JobID runWithFailure(String station, DeliveryGuarantee guarantee, boolean userIds) throws Exception {
        return runWithFailure(station, guarantee, userIds, sink -> { });
    }

    /**
     * The injected failure happened, exactly once (nothing else failed the job), and the restart restored a
     * checkpoint: without this, an injection that never fired would pass every check above.
     */
    private static void assertFailedOverOnce(JobID job) {
        FlinkJobFailures f = FlinkJobFailures.assertFailures(FlinkRest.url(FLINK), job.toHexString(), 1, 1,
                "injected failure after");
        assertThat(f.restoredCheckpoints()).as("restores from a checkpoint").isEqualTo(1);
    }

    private JobID runWithFailure(String station, DeliveryGuarantee guarantee, boolean userIds,
            java.util.function.Consumer<MemphisSinkBuilder<String>> customize) throws Exception {
        stations.create(station, PARTITIONS);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(200);

        DataGeneratorSource<String> source = new DataGeneratorSource<>(
                FailoverRecords::payload, RECORDS, RateLimiterStrategy.perSecond(4_000), Types.STRING);
        MemphisSinkBuilder<String> sink = MemphisSink.<String>builder()
                .setOptions(TestOptions.of(NATS))
                .setStation(station)
                .setSerializer(s -> MemphisSinkRecord.builder(s.getBytes(StandardCharsets.UTF_8))
                        .partitionKey(FailoverRecords.keyOf(s)).header("origin", "failover-test").build())
                .setDeliveryGuarantee(guarantee);
        if (userIds) {
            sink.setMessageIdExtractor(s -> "id-" + s);
        }
        customize.accept(sink);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "records")
                .map(new FailOnceAfterCheckpoint<>(RECORDS / 4)).name("fail-once")
                .sinkTo(sink.build());
        return env.execute("failover " + guarantee).getJobID();
    }
}
