package dev.lakestation.connector.sink;

import dev.lakestation.memphis.StationOptions;
import dev.lakestation.memphis.Memphis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.sink.testutils.TestStations;
import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.memphis.ControlPlane;
import dev.lakestation.memphis.MemphisOptions;
import dev.lakestation.testsupport.NatsServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sink metrics and the delivery guarantee NONE, on a nats-server that requires a user and password
 * (Memphis password mode, NATS user {@code root$1}): every job here authenticates end to end. The
 * metrics are read from a reporter attached to the MiniCluster after the bounded job finished.
 */
class MemphisSinkMetricsAndSecurityITCase {
    private static final String PASSWORD = "s3cret-pw-7781";
    private static final int N = 500;

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.withUserPassword("root$1", PASSWORD);

    /** Keeps the metrics of finished tasks, so the final values of a finished job can be read. */
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static TestStations stations;

    @BeforeAll
    static void connect() throws Exception {
        stations = new TestStations(options(PASSWORD).toNatsOptions());
    }

    @AfterAll
    static void close() throws Exception {
        stations.close();
    }

    private static MemphisOptions options(String password) {
        return MemphisOptions.builder().host(NATS.host()).port(NATS.port())
                .username("root").password(password).timeout(Duration.ofSeconds(2))
                .controlPlane(ControlPlane.JETSTREAM).build();
    }

    /** Fixed-size payloads ("rec-00042": 9 bytes), so the byte counter has one exact expected value. */
    private static String payload(int i) {
        return String.format("rec-%05d", i);
    }

    private static final int PAYLOAD_BYTES = 9;

    private static List<String> expectedPayloads() {
        return IntStream.range(0, N).mapToObj(MemphisSinkMetricsAndSecurityITCase::payload).collect(Collectors.toList());
    }

    /** Bounded job of N records without periodic checkpoints (a bounded EXACTLY_ONCE job then commits one final batch). */
    private static JobExecutionResult run(MemphisSinkBuilder<Integer> sink) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromSequence(0, N - 1).map(Long::intValue).returns(Types.INT).sinkTo(sink.build());
        return env.execute();
    }

    private static MemphisSinkBuilder<Integer> sink(String station, DeliveryGuarantee guarantee) {
        return MemphisSink.<Integer>builder().setOptions(options(PASSWORD)).setStation(station)
                .setDeliveryGuarantee(guarantee)
                .setValueSerializer(i -> payload(i).getBytes(StandardCharsets.UTF_8));
    }

    /** The single metric {@code name} registered by the operator whose name contains {@code operator}. */
    private static Metric metric(JobID job, String operator, String name) {
        Map<String, Metric> all = METRICS.findMetrics(job, name);
        // findMetrics matches by substring: numRecordsSend also finds numRecordsSendErrors
        List<Metric> found = all.entrySet().stream()
                .filter(e -> e.getKey().contains(operator) && e.getKey().endsWith("." + name))
                .map(Map.Entry::getValue).collect(Collectors.toList());
        assertThat(found).as("metric %s of the %s in job %s (all: %s)", name, operator, job, all.keySet()).hasSize(1);
        return found.get(0);
    }

    private static long count(JobID job, String operator, String name) {
        return ((Counter) metric(job, operator, name)).getCount();
    }

    private static void assertStoredOnce(String station) throws Exception {
        List<Stored> stored = stations.read(station, 1);
        assertThat(stored).extracting(Stored::payload).containsExactlyInAnyOrderElementsOf(expectedPayloads());
    }

    @Test
    void atLeastOnceCountsRecordsBytesNoErrorsAndSendTimeWithPasswordAuth() throws Exception {
        String station = "metrics.alo";
        stations.create(station, 1);
        JobID job = run(sink(station, DeliveryGuarantee.AT_LEAST_ONCE)).getJobID();

        assertStoredOnce(station);
        assertThat(count(job, "Writer", "numRecordsSend")).isEqualTo(N);
        // payload bytes only: headers (producer, connection id, msg-id) are not counted
        assertThat(count(job, "Writer", "numBytesSend")).isEqualTo((long) N * PAYLOAD_BYTES);
        assertThat(count(job, "Writer", "numRecordsSendErrors")).isZero();
        assertThat(count(job, "Writer", "duplicatesDetected")).isZero();
        Object sendTime = ((Gauge<?>) metric(job, "Writer", "currentSendTime")).getValue();
        assertThat(sendTime).isInstanceOf(Long.class);
        assertThat((Long) sendTime).isGreaterThanOrEqualTo(0L);
    }

    @Test
    void deadLetteredRecordsAreCountedAsSendErrors() throws Exception {
        String station = "metrics.dls";
        try (Memphis memphis = Memphis.connect(options(PASSWORD))) {
            memphis.createSchema("metrics-id", "json", "{\"type\":\"object\",\"required\":[\"id\"]}");
            memphis.createStation(StationOptions.builder(station).partitions(1)
                    .schemaName("metrics-id").sendSchemaFailedMessagesToDls(true).build());
        }
        // every 5th record lacks the required "id": N / 5 dead letters, the rest stored
        MemphisSinkBuilder<Integer> sink = MemphisSink.<Integer>builder().setOptions(options(PASSWORD))
                .setStation(station)
                .setValueSerializer(i -> (i % 5 == 0 ? "{\"name\":" + i + "}" : "{\"id\":" + i + "}")
                        .getBytes(StandardCharsets.UTF_8))
                .setConfig(MemphisSinkOptions.SCHEMA_VALIDATION, true)
                .setConfig(MemphisSinkOptions.SCHEMA_FAILURE_ACTION, MemphisSinkOptions.SchemaFailureAction.DEAD_LETTER);
        JobID job = run(sink).getJobID();

        assertThat(stations.read(station, 1)).hasSize(N - N / 5);
        assertThat(count(job, "Writer", "numRecordsSendErrors")).isEqualTo(N / 5);
        assertThat(count(job, "Writer", "numRecordsSend")).isEqualTo(N - N / 5);
    }

    @Test
    void replayedMessageIdsAreCountedAsBrokerDuplicates() throws Exception {
        String station = "metrics.ids";
        stations.create(station, 1);
        MemphisSinkBuilder<Integer> sink = sink(station, DeliveryGuarantee.EXACTLY_ONCE)
                .setMessageIdExtractor(i -> "order-" + i);
        JobID first = run(sink).getJobID();
        JobID second = run(sink).getJobID();

        assertStoredOnce(station);
        assertThat(count(first, "Writer", "duplicatesDetected")).isZero();
        assertThat(count(second, "Writer", "numRecordsSend")).isEqualTo(N);
        assertThat(count(second, "Writer", "duplicatesDetected")).isEqualTo(N);
        assertThat(count(second, "Writer", "numRecordsSendErrors")).isZero();
    }

    @Test
    void writeAheadReplayWithAFixedIdPrefixIsCountedByTheCommitter() throws Exception {
        String station = "metrics.write-ahead";
        stations.create(station, 1);
        // no periodic checkpoints: the whole bounded input is batch 0 of subtask 0, epoch 0, so the
        // second job generates exactly the ids of the first ("replay:0:0:0:<index>")
        MemphisSinkBuilder<Integer> sink = sink(station, DeliveryGuarantee.EXACTLY_ONCE)
                .setConfig(MemphisSinkOptions.MESSAGE_ID_PREFIX, "replay");
        JobID first = run(sink).getJobID();
        JobID second = run(sink).getJobID();

        assertStoredOnce(station);
        assertThat(stations.read(station, 1)).extracting(Stored::messageId)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, N).mapToObj(i -> "replay:0:0:0:" + i)
                        .collect(Collectors.toList()));
        assertThat(count(first, "Writer", "numRecordsSend")).isEqualTo(N);
        assertThat(count(first, "Committer", "numRecordsPublished")).isEqualTo(N);
        assertThat(count(first, "Committer", "duplicatesDetected")).isZero();
        assertThat(count(second, "Committer", "numRecordsPublished")).isEqualTo(N);
        assertThat(count(second, "Committer", "duplicatesDetected")).isEqualTo(N);
    }

    /**
     * NONE publishes asynchronously and waits for the PubAcks only at end of input: a bounded job
     * that finishes has stored everything. What NONE does not guarantee: a checkpoint does not wait
     * for outstanding PubAcks, so after a failure and restore the records in flight at the
     * checkpoint may be lost (nothing replays them), and there are no message ids, so a replay
     * may also duplicate.
     */
    @Test
    void noneWritesEveryRecordOfAFinishedJob() throws Exception {
        String station = "metrics.none";
        stations.create(station, 1);
        JobID job = run(sink(station, DeliveryGuarantee.NONE)).getJobID();

        assertStoredOnce(station);
        assertThat(stations.count(station, 1)).isEqualTo(N);
        assertThat(count(job, "Writer", "numRecordsSend")).isEqualTo(N);
        assertThat(count(job, "Writer", "numRecordsSendErrors")).isZero();
    }

    @Test
    void wrongPasswordFailsTheJobClearlyWithoutShowingIt() throws Exception {
        String station = "metrics.auth";
        stations.create(station, 1);
        String wrong = "not-the-pw-4410";
        MemphisSinkBuilder<Integer> sink = MemphisSink.<Integer>builder().setOptions(options(wrong))
                .setStation(station).setValueSerializer(i -> payload(i).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> run(sink)).satisfies(e -> {
            String all = ExceptionUtils.stringifyException(e);
            assertThat(all).containsIgnoringCase("authentication").contains("root")
                    .contains(NATS.host() + ":" + NATS.port())
                    .doesNotContain(wrong).doesNotContain(PASSWORD);
        });
        assertThat(stations.count(station, 1)).isZero();
    }
}
