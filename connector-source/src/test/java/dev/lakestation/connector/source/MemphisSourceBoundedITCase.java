package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bounded reads against a real nats-server laid out as Memphis stations. */
class MemphisSourceBoundedITCase {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @Test
    void boundedReadOfFourPartitionStationEndsWithAllMessages() throws Exception {
        List<String> expected = new ArrayList<>();
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, "bounded.four", 4);
            for (int p = 1; p <= 4; p++) {
                List<String> values = TestStations.values("p" + p, 250);
                TestStations.publish(nc, "bounded.four", p, values);
                expected.addAll(values);
            }
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations("bounded.four")
                .setConsumerGroup("bounded-group")
                .setDeserializer(MemphisDeserializers.string())
                .setBounded()
                .build();
        List<String> actual = new ArrayList<>();
        try (CloseableIterator<String> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis")
                .executeAndCollect()) {
            it.forEachRemaining(actual::add);
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        try (Connection nc = TestStations.connect(NATS)) {
            for (int p = 1; p <= 4; p++) {
                assertThat(TestStations.consumerInfo(nc, "bounded.four", p, "bounded-group").getNumAckPending())
                        .as("acks pending on partition %d after the final checkpoint", p).isZero();
            }
        }
    }

    @Test
    void checkpointsFarApartNeverStallOnMaxAckPending() throws Exception {
        // The group exists already with the server's default cap of 1000 unacked messages (what
        // jnats creates when asked for -1); the source lifts it, or this read would wait for checkpoints.
        List<String> expected = TestStations.values("x", 3000);
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, "bounded.many", 1);
            TestStations.createCappedGroup(nc, "bounded.many", 1, "capped-group", java.time.Duration.ofMinutes(5));
            assertThat(TestStations.consumerInfo(nc, "bounded.many", 1, "capped-group")
                    .getConsumerConfiguration().getMaxAckPending()).isEqualTo(1000);
            TestStations.publish(nc, "bounded.many", 1, expected);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(java.time.Duration.ofMinutes(10).toMillis());
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations("bounded.many")
                .setConsumerGroup("capped-group")
                .setMaxAckTime(java.time.Duration.ofMinutes(5))
                .setDeserializer(MemphisDeserializers.string())
                .setBounded()
                .build();
        List<String> actual = new ArrayList<>();
        long start = System.nanoTime();
        try (CloseableIterator<String> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis")
                .executeAndCollect()) {
            it.forEachRemaining(actual::add);
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofMinutes(2));
        try (Connection nc = TestStations.connect(NATS)) {
            assertThat(TestStations.consumerInfo(nc, "bounded.many", 1, "capped-group")
                    .getConsumerConfiguration().getMaxAckPending()).as("unlimited, as the broker sets it")
                    .isEqualTo(-1L);
            assertThat(TestStations.consumerInfo(nc, "bounded.many", 1, "capped-group").getNumAckPending()).isZero();
        }
    }
}
