package dev.lakestation.connector.sink;

import static dev.lakestation.connector.sink.testutils.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.sink.serializer.MemphisSinkRecord;
import dev.lakestation.connector.sink.testutils.FlinkRest;
import dev.lakestation.connector.sink.testutils.TestOptions;
import dev.lakestation.connector.sink.testutils.TestStations;
import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.testsupport.FlinkJobFailures;
import dev.lakestation.testsupport.NatsServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * nats-server killed with SIGKILL (no clean shutdown: what it had not written is gone, as in a crash) and
 * restarted on the same port and store while {@code EXACTLY_ONCE} sinks write, in both modes: write-ahead,
 * killed while the committer is publishing a checkpoint's batch (the broker holds part of it), and user
 * message ids, killed mid-stream. Counted by id on the broker after the job finished: every record once,
 * none missing. The sink's answer to a kill may be retries inside the task or a failover; both must end
 * the same, and the history says which happened.
 */
class MemphisSinkBrokerSigkillITCase {
    private static final int PARTITIONS = 2;

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

    private static StreamExecutionEnvironment env(long checkpointInterval) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARTITIONS);
        env.enableCheckpointing(checkpointInterval);
        return env;
    }

    private static MemphisSinkBuilder<String> sink(String station) {
        return MemphisSink.<String>builder()
                .setOptions(TestOptions.of(NATS).toBuilder().reconnectInterval(Duration.ofMillis(100)).build())
                .setStation(station)
                // a PubAck lost in the crash is waited for this long before the publish is retried (default 10 s)
                .setConfig(MemphisSinkOptions.PUBLISH_TIMEOUT, Duration.ofSeconds(1))
                .setConfig(MemphisSinkOptions.RETRY_BACKOFF, Duration.ofMillis(100))
                .setSerializer(s -> MemphisSinkRecord.builder(s.getBytes(StandardCharsets.UTF_8)).build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE);
    }

    @Test
    void writeAheadKilledWhileTheCommitterPublishesABatchStoresEveryRecordOnce() throws Exception {
        String station = "sigkill.write-ahead";
        int records = 20_000;
        stations.create(station, PARTITIONS);
        // all records are written (buffered) long before the first checkpoint, so one batch per writer holds
        // them and the committer publishes them after it; few publishes in flight make that take a while
        StreamExecutionEnvironment env = env(1_000);
        DataGeneratorSource<String> source = new DataGeneratorSource<>(i -> "r-" + i, records, Types.STRING);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "records")
                .sinkTo(sink(station).setConfig(MemphisSinkOptions.COMMITTER_MAX_IN_FLIGHT, 16).build());
        JobClient job = env.executeAsync("write-ahead under SIGKILL");
        int killsBefore = NATS.server().kills();
        long[] atKill = {0};
        // the committer is the only publisher in write-ahead mode: part of a batch stored = a batch being published
        await(Duration.ofSeconds(60), "part of the batch stored", () -> {
            long n = storedCount(station);
            atKill[0] = n;
            return n > 0 && n < records / 2;
        });
        NATS.killAndRestart();
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        assertThat(NATS.server().kills() - killsBefore).as("SIGKILLs").isEqualTo(1);
        assertThat(atKill[0]).as("stored when the broker was killed (mid-batch)").isBetween(1L, records / 2L - 1);
        assertEachIdOnce(station, records);
        // retries inside the committer or failovers: whichever it was, it is in the history, within the budget
        FlinkJobFailures f = FlinkJobFailures.assertFailures(FlinkRest.url(FLINK), job.getJobID().toHexString(), 0, 5);
        System.out.println("write-ahead SIGKILL: " + atKill[0] + " of " + records + " stored at the kill; " + f);
    }

    @Test
    void messageIdsKilledMidStreamStoreEveryRecordOnce() throws Exception {
        String station = "sigkill.ids";
        int records = 3_000;
        stations.create(station, PARTITIONS);
        StreamExecutionEnvironment env = env(200);
        // rate-limited (1.5 s of input) so the kill lands mid-stream
        DataGeneratorSource<String> source = new DataGeneratorSource<>(i -> "r-" + i, records,
                RateLimiterStrategy.perSecond(2_000), Types.STRING);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "records")
                .sinkTo(sink(station).setMessageIdExtractor(s -> "id-" + s).build());
        JobClient job = env.executeAsync("message ids under SIGKILL");
        int killsBefore = NATS.server().kills();
        long[] atKill = {0};
        await(Duration.ofSeconds(60), "a third stored", () -> {
            atKill[0] = storedCount(station);
            return atKill[0] >= records / 3;
        });
        NATS.killAndRestart();
        job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

        assertThat(NATS.server().kills() - killsBefore).as("SIGKILLs").isEqualTo(1);
        assertThat(atKill[0]).as("stored when the broker was killed (mid-stream)").isLessThan(records);
        List<Stored> stored = assertEachIdOnce(station, records);
        assertThat(stored).allSatisfy(s -> assertThat(s.messageId()).isEqualTo("id-" + s.payload()));
        FlinkJobFailures f = FlinkJobFailures.assertFailures(FlinkRest.url(FLINK), job.getJobID().toHexString(), 0, 5);
        System.out.println("message-id SIGKILL: " + atKill[0] + " of " + records + " stored at the kill; " + f);
    }

    /** Every record {@code r-0 … r-<n-1>} stored exactly once, each message id once. */
    private static List<Stored> assertEachIdOnce(String station, int records) throws Exception {
        List<Stored> stored = stations.readAll(station, PARTITIONS);
        Map<String, Long> byPayload = stored.stream().collect(Collectors.groupingBy(Stored::payload, Collectors.counting()));
        Set<String> duplicated = new TreeSet<>();
        byPayload.forEach((k, v) -> {
            if (v > 1) {
                duplicated.add(k + "×" + v);
            }
        });
        assertThat(duplicated).as("records stored more than once").isEmpty();
        Set<String> missing = IntStream.range(0, records).mapToObj(i -> "r-" + i).collect(Collectors.toCollection(TreeSet::new));
        missing.removeAll(byPayload.keySet());
        assertThat(missing).as("records missing").isEmpty();
        assertThat(stored).hasSize(records);
        assertThat(stored.stream().map(Stored::messageId).distinct().count()).as("distinct message ids")
                .isEqualTo(records);
        return stored;
    }

    private static long storedCount(String station) {
        try {
            return stations.countAll(station, PARTITIONS);
        } catch (Exception e) {
            return -1; // broker down
        }
    }
}
