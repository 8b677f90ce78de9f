package dev.lakestation.connector.sink;

import dev.lakestation.connector.sink.testutils.FailOnceAfterCheckpoint;
import static dev.lakestation.connector.sink.testutils.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.sink.serializer.MemphisSinkRecord;
import dev.lakestation.connector.sink.serializer.MemphisSerializers;
import dev.lakestation.connector.sink.testutils.TestOptions;
import dev.lakestation.connector.sink.testutils.TestStations;
import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.PartitionKeys;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.connector.sink.testutils.FlinkRest;
import dev.lakestation.testsupport.FlinkJobFailures;
import dev.lakestation.testsupport.NatsServerExtension;
import dev.lakestation.testsupport.ReferenceMurmur3;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing, headers and station handling on a real nats-server: key/explicit/round-robin partitions,
 * the headers the Memphis SDKs write, station auto-creation, schema validation (fail or DLS), and
 * clear failures for a missing station, an unknown partition, a partition deleted while the job
 * runs, and an idempotency window too short for EXACTLY_ONCE.
 */
class MemphisSinkStationsITCase {
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

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        return env;
    }

    private static MemphisSinkBuilder<Integer> intSink(String station) {
        return MemphisSink.<Integer>builder().setOptions(TestOptions.of(NATS)).setStation(station);
    }

    @Test
    void routesByKeyByNumberByIdAndRoundRobinWithSdkHeaders() throws Exception {
        String station = "routing.orders";
        stations.create(station, 3);
        List<Integer> partitions = List.of(1, 2, 3);
        StreamExecutionEnvironment env = env();
        // i % 4: 0 → partition key, 1 → explicit partition, 2 → message id only, 3 → nothing (round robin)
        env.fromSequence(0, 399).map(Long::intValue).returns(Types.INT)
                .sinkTo(intSink(station)
                        .setProducerName("router-test")
                        .setSerializer(i -> {
                            MemphisSinkRecord.Builder b = MemphisSinkRecord.builder(("m" + i).getBytes(StandardCharsets.UTF_8))
                                    .header("kind", String.valueOf(i % 4));
                            switch (i % 4) {
                                case 0 -> b.partitionKey("key-" + i).messageId("id-" + i);
                                case 1 -> b.partition(1 + (i / 4) % 3).messageId("id-" + i);
                                case 2 -> b.messageId("id-" + i);
                                default -> { }
                            }
                            return b.build();
                        })
                        .build());
        env.execute();

        List<Stored> stored = stations.readAll(station, 3);
        assertThat(stored).hasSize(400);
        for (Stored s : stored) {
            int i = Integer.parseInt(s.payload().substring(1));
            int expected = switch (i % 4) {
                case 0 -> PartitionKeys.partitionFor("key-" + i, partitions);
                case 1 -> 1 + (i / 4) % 3;
                case 2 -> PartitionKeys.partitionFor("id-" + i, partitions); // replays reach the same dedupe window
                default -> s.partition();
            };
            assertThat(s.partition()).as(s.payload()).isEqualTo(expected);
            assertThat(s.headers()).containsEntry("kind", String.valueOf(i % 4))
                    .containsEntry("$memphis_producedBy", "router-test")
                    .containsKey("$memphis_connectionId");
            assertThat(s.headers().get("$memphis_connectionId")).matches("[0-9a-f-]{36}");
            if (i % 4 == 3) {
                assertThat(s.headers()).hasSize(3).doesNotContainKeys("msg-id", "Nats-Msg-Id");
            } else {
                assertThat(s.headers()).hasSize(5) // jnats keeps headers in a hash map: order is not observable
                        .containsEntry("msg-id", "id-" + i).containsEntry("Nats-Msg-Id", "id-" + i);
            }
        }
        Map<Integer, Long> roundRobin = stored.stream()
                .filter(s -> Integer.parseInt(s.payload().substring(1)) % 4 == 3)
                .collect(Collectors.groupingBy(Stored::partition, Collectors.counting()));
        assertThat(roundRobin).containsOnlyKeys(1, 2, 3);
        assertThat(roundRobin.values()).allSatisfy(n -> assertThat(n).isBetween(33L, 34L));
    }

    /**
     * Keys outside ASCII (2-, 3- and 4-byte UTF-8, a surrogate pair, NUL, the empty key) and ids without a key land
     * where an independent murmur3 (test-support's {@link ReferenceMurmur3}, not memphis-client's
     * {@code PartitionKeys}) puts them: the sink's whole path (record → router → subject) against the broker.
     */
    @Test
    void nonAsciiAndEmptyKeysLandWhereAnIndependentMurmur3PutsThem() throws Exception {
        String station = "routing.utf8";
        int partitions = 7;
        stations.create(station, partitions);
        List<String> keys = List.of("", "é", "ü1", "日", "日本", "日本語", "ключ", "🚀", "order-🚀", "a🚀b",
                "Ωmega-42", "клиент-日本-🚀-é", "\u0000", "k0");
        int n = keys.size();
        StreamExecutionEnvironment env = env();
        // i < n: partition key keys[i]; n ≤ i < 2n: a message id and no key (routed by the id; ids are NATS
        // header values, which must be ASCII, so they stay ASCII here)
        env.fromSequence(0, 2L * n - 1).map(Long::intValue).returns(Types.INT)
                .sinkTo(intSink(station)
                        .setSerializer(i -> {
                            MemphisSinkRecord.Builder b = MemphisSinkRecord.builder(("m" + i).getBytes(StandardCharsets.UTF_8));
                            return (i < n ? b.partitionKey(keys.get(i)) : b.messageId("id-" + (i - n))).build();
                        })
                        .build());
        env.execute();

        List<Stored> stored = stations.readAll(station, partitions);
        assertThat(stored).hasSize(2 * n);
        for (Stored s : stored) {
            int i = Integer.parseInt(s.payload().substring(1));
            String hashed = i < n ? keys.get(i) : "id-" + (i - n);
            assertThat(s.partition()).as("partition of %s %s", i < n ? "key" : "id", hashed)
                    .isEqualTo(ReferenceMurmur3.partition(hashed, partitions));
        }
        // the vectors of shared/reference/partition-key-vectors.md, so the reference itself is pinned
        assertThat(ReferenceMurmur3.partition("", 5)).isEqualTo(2);
        assertThat(ReferenceMurmur3.partition("k0", 5)).isEqualTo(5);
        // not all on one partition, or the check above would say little
        assertThat(stored.stream().map(Stored::partition).distinct().count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aRecordSentTwiceWithTheSameIdAndNoKeyIsStoredOnceOnAMultiPartitionStation() throws Exception {
        String station = "routing.idem";
        stations.create(station, 3);
        StreamExecutionEnvironment env = env();
        // every id twice, one after the other, as a replay after a failure sends it again: round robin would
        // put the copy on the next partition, whose stream has never seen the id
        env.fromSequence(0, 199).map(Long::intValue).returns(Types.INT)
                .sinkTo(intSink(station)
                        .setSerializer(i -> MemphisSinkRecord.builder(("m" + i / 2).getBytes(StandardCharsets.UTF_8))
                                .messageId("order-" + i / 2).build())
                        .build());
        env.execute();
        assertThat(stations.readAll(station, 3)).extracting(Stored::payload).hasSize(100).doesNotHaveDuplicates();
    }

    @Test
    void missingStationFailsNamingIt() {
        StreamExecutionEnvironment env = env();
        env.fromSequence(0, 9).map(Long::intValue).returns(Types.INT)
                .sinkTo(intSink("no.such-station").setValueSerializer(i -> new byte[] {i.byteValue()}).build());
        assertThatThrownBy(env::execute).satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                .contains("station 'no.such-station' does not exist"));
    }

    @Test
    void unknownPartitionFailsNamingStationAndPartition() throws Exception {
        String station = "routing.three";
        stations.create(station, 3);
        StreamExecutionEnvironment env = env();
        env.fromSequence(0, 9).map(Long::intValue).returns(Types.INT)
                .sinkTo(intSink(station).setSerializer(i -> MemphisSinkRecord.builder(new byte[] {1}).partition(7).build())
                        .build());
        assertThatThrownBy(env::execute).satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                .contains("station 'routing.three' partition 7: no such partition; the station has partitions [1, 2, 3]"));
    }

    @Test
    void partitionDeletedWhileRunningFailsTheJobWithTheReason() throws Exception {
        String station = "routing.vanishing";
        stations.create(station, 3);
        StreamExecutionEnvironment env = env();
        DataGeneratorSource<Integer> endless = new DataGeneratorSource<>(
                Long::intValue, Long.MAX_VALUE, RateLimiterStrategy.perSecond(300), Types.INT);
        env.fromSource(endless, WatermarkStrategy.noWatermarks(), "endless")
                .sinkTo(intSink(station).setValueSerializer(i -> String.valueOf(i).getBytes(StandardCharsets.UTF_8))
                        .setConfig(MemphisSinkOptions.RETRY_BACKOFF, Duration.ofMillis(50))
                        .build());
        JobClient job = env.executeAsync("vanishing partition");
        await(Duration.ofSeconds(30), "messages on partition 2", () -> count(station, 2) >= 10);
        stations.deletePartition(station, 2);

        assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("station 'routing.vanishing' partition 2: stream 'routing#vanishing$2' does not exist"));
    }

    @Test
    void partitionDeletedUnderTheWriteAheadCommitterFailsTheJobWithTheReason() throws Exception {
        String station = "routing.vanishing-eo";
        stations.create(station, 3);
        StreamExecutionEnvironment env = env();
        env.enableCheckpointing(200);
        DataGeneratorSource<Integer> endless = new DataGeneratorSource<>(
                Long::intValue, Long.MAX_VALUE, RateLimiterStrategy.perSecond(300), Types.INT);
        env.fromSource(endless, WatermarkStrategy.noWatermarks(), "endless")
                .sinkTo(intSink(station).setValueSerializer(i -> String.valueOf(i).getBytes(StandardCharsets.UTF_8))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setConfig(MemphisSinkOptions.RETRY_BACKOFF, Duration.ofMillis(50))
                        .build());
        JobClient job = env.executeAsync("vanishing partition, write-ahead");
        await(Duration.ofSeconds(30), "committed messages on partition 2", () -> count(station, 2) >= 10);
        stations.deletePartition(station, 2);

        assertThatThrownBy(() -> job.getJobExecutionResult().get(60, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).contains(
                        "station 'routing.vanishing-eo' partition 2: stream 'routing#vanishing-eo$2' does not exist"));
    }

    @Test
    void createsMissingStationWithTheTemplate() throws Exception {
        String station = "auto.created";
        StreamExecutionEnvironment env = env();
        env.fromSequence(0, 99).map(Long::intValue).returns(Types.INT)
                .sinkTo(intSink(station)
                        .setValueSerializer(i -> String.valueOf(i).getBytes(StandardCharsets.UTF_8))
                        .setStationAutoCreate(StationOptions.builder("template").partitions(2)
                                .idempotencyWindow(Duration.ofMinutes(5)).build())
                        .build());
        env.execute();
        try (Memphis memphis = Memphis.connect(TestOptions.of(NATS))) {
            assertThat(memphis.station(station).partitions()).containsExactly(1, 2);
            assertThat(memphis.station(station).idempotencyWindow()).isEqualTo(Duration.ofMinutes(5));
        }
        assertThat(stations.readAll(station, 2)).hasSize(100);
        assertThat(count(station, 1)).isEqualTo(50);
    }

    @Test
    void exactlyOnceRefusesAnIdempotencyWindowShorterThanCheckpointIntervalPlusRecovery() throws Exception {
        String station = "short.window";
        stations.create(station, 1, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = env();
        env.enableCheckpointing(2_000);
        env.fromSequence(0, 9).map(Long::intValue).returns(Types.INT)
                .sinkTo(intSink(station).setValueSerializer(i -> new byte[] {i.byteValue()})
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setConfig(MemphisSinkOptions.EXPECTED_RECOVERY_TIME, Duration.ofSeconds(10))
                        .build());
        assertThatThrownBy(env::execute).satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                .contains("station 'short.window': idempotency window 1000 ms is not longer than checkpoint "
                        + "interval 2000 ms + expected recovery time 10000 ms"));
        assertThat(count(station, 1)).isZero();
    }

    private static final String ORDER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},"
            + "\"required\":[\"id\"]}";

    @Test
    void schemaFailuresGoToTheDeadLetterStation() throws Exception {
        String station = "validated.dls";
        try (Memphis memphis = Memphis.connect(TestOptions.of(NATS))) {
            memphis.createSchema("order-dls", "json", ORDER_SCHEMA);
            memphis.createStation(StationOptions.builder(station).partitions(1).schemaName("order-dls")
                    .sendSchemaFailedMessagesToDls(true).build());
        }
        StreamExecutionEnvironment env = env();
        env.fromSequence(0, 19).map(Long::intValue).returns(Types.INT)
                .sinkTo(intSink(station)
                        .setValueSerializer(i -> (i % 4 == 0 ? "{\"name\":\"bad-" + i + "\"}" : "{\"id\":" + i + "}")
                                .getBytes(StandardCharsets.UTF_8))
                        .setConfig(MemphisSinkOptions.SCHEMA_VALIDATION, true)
                        .setConfig(MemphisSinkOptions.SCHEMA_FAILURE_ACTION,
                                MemphisSinkOptions.SchemaFailureAction.DEAD_LETTER)
                        .build());
        env.execute();
        assertThat(stations.read(station, 1)).hasSize(15)
                .allSatisfy(s -> assertThat(s.payload()).startsWith("{\"id\":"));
        assertThat(stations.streamCount(StationNames.dlsStreamName(station))).isEqualTo(5);
    }

    @Test
    void aSchemaAttachedWhileTheJobRunsAppliesFromThenOn() throws Exception {
        String station = "validated.later";
        int records = 2_000;
        try (Memphis memphis = Memphis.connect(TestOptions.of(NATS))) {
            memphis.createSchema("order-later", "json", ORDER_SCHEMA);
            memphis.createStation(StationOptions.builder(station).partitions(1)
                    .sendSchemaFailedMessagesToDls(true).build());
            // every record lacks the required "id": valid only while the station has no schema
            DataGeneratorSource<String> source = new DataGeneratorSource<>(i -> "{\"name\":\"n-" + i + "\"}",
                    records, RateLimiterStrategy.perSecond(500), Types.STRING);
            StreamExecutionEnvironment env = env();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "records")
                    .sinkTo(MemphisSink.<String>builder().setOptions(TestOptions.of(NATS)).setStation(station)
                            .setValueSerializer(MemphisSerializers.string())
                            .setConfig(MemphisSinkOptions.SCHEMA_VALIDATION, true)
                            .setConfig(MemphisSinkOptions.SCHEMA_FAILURE_ACTION,
                                    MemphisSinkOptions.SchemaFailureAction.DEAD_LETTER)
                            .build());
            JobClient job = env.executeAsync("schema attached later");
            await(Duration.ofSeconds(30), "records stored before the schema", () -> count(station, 1) >= 100);
            memphis.enforceSchema("order-later", station);
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        }
        long stored = count(station, 1);
        long deadLettered = stations.streamCount(StationNames.dlsStreamName(station));
        assertThat(stored).isGreaterThanOrEqualTo(100);
        assertThat(deadLettered).as("records refused by the schema attached mid-job").isPositive();
        assertThat(stored + deadLettered).isEqualTo(records);
    }

    @Test
    void writeAheadDeadLettersEachRefusedRecordOnceAcrossAFailure() throws Exception {
        String station = "validated.eo-failover";
        int records = 3_000;
        try (Memphis memphis = Memphis.connect(TestOptions.of(NATS))) {
            memphis.createSchema("order-eo", "json", ORDER_SCHEMA);
            memphis.createStation(StationOptions.builder(station).partitions(1).schemaName("order-eo")
                    .sendSchemaFailedMessagesToDls(true).build());
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(200);
        // every 4th record lacks the required "id"; the job fails once after a checkpoint and replays
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i, records,
                RateLimiterStrategy.perSecond(1_500), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "records")
                .map(new FailOnceAfterCheckpoint<>(records / 3))
                .returns(Types.LONG)
                .sinkTo(MemphisSink.<Long>builder().setOptions(TestOptions.of(NATS)).setStation(station)
                        .setValueSerializer(i -> (i % 4 == 0 ? "{\"name\":" + i + "}" : "{\"id\":" + i + "}")
                                .getBytes(StandardCharsets.UTF_8))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setConfig(MemphisSinkOptions.SCHEMA_VALIDATION, true)
                        .setConfig(MemphisSinkOptions.SCHEMA_FAILURE_ACTION,
                                MemphisSinkOptions.SchemaFailureAction.DEAD_LETTER)
                        .build());
        JobID jobId = env.execute("write-ahead dead letters across a failure").getJobID();
        // the failure happened (once) and the job was restored from a checkpoint: the replay is real
        assertThat(FlinkJobFailures.assertFailures(FlinkRest.url(FLINK), jobId.toHexString(), 1, 1,
                "injected failure after").restoredCheckpoints()).as("restores from a checkpoint").isEqualTo(1);

        List<String> stored = stations.read(station, 1).stream().map(Stored::payload).collect(Collectors.toList());
        assertThat(stored).doesNotHaveDuplicates().hasSize(records - records / 4)
                .allSatisfy(p -> assertThat(p).startsWith("{\"id\":"));
        assertThat(stations.streamCount(StationNames.dlsStreamName(station)))
                .as("each refused record dead-lettered once").isEqualTo(records / 4);
    }

    @Test
    void schemaFailureFailsTheJobNamingStationPartitionAndViolation() throws Exception {
        String station = "validated.strict";
        try (Memphis memphis = Memphis.connect(TestOptions.of(NATS))) {
            memphis.createSchema("order-strict", "json", ORDER_SCHEMA);
            memphis.createStation(StationOptions.builder(station).partitions(1).schemaName("order-strict").build());
        }
        StreamExecutionEnvironment env = env();
        env.fromSequence(0, 9).map(Long::intValue).returns(Types.INT)
                .sinkTo(intSink(station)
                        .setValueSerializer(i -> (i == 5 ? "{\"name\":\"x\"}" : "{\"id\":" + i + "}")
                                .getBytes(StandardCharsets.UTF_8))
                        .setConfig(MemphisSinkOptions.SCHEMA_VALIDATION, true)
                        .build());
        assertThatThrownBy(env::execute).satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                .contains("station 'validated.strict' partition 1: schema validation failed"));
    }

    private static long count(String station, int partition) {
        try {
            return stations.count(station, partition);
        } catch (Exception e) {
            return -1;
        }
    }
}
