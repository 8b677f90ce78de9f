package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.connector.source.reader.MemphisSourceReader;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs without checkpointing: ack mode ON_CHECKPOINT is never silent (the reader warns, the broker
 * sees no ack), AFTER_EMIT acks everything it emitted.
 */
class MemphisSourceAckModeITCase {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int PER_PARTITION = 50;

    /** An unbounded job without checkpointing whose output is collected on a background thread. */
    private static final class Running implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        final JobClient job;
        final CloseableIterator<String> iterator;

        Running(MemphisSource<String> source) throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            iterator = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis").collectAsync();
            job = env.executeAsync("ack mode test");
            Thread t = new Thread(() -> {
                try {
                    while (iterator.hasNext()) {
                        received.add(iterator.next());
                    }
                } catch (Exception e) {
                    // iterator closed at the end of the test
                }
            }, "collect-reader");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws Exception {
            job.cancel().get();
            iterator.close();
        }
    }

    private static List<String> fill(Connection nc, String station) throws Exception {
        TestStations.createStation(nc, station, 2);
        List<String> all = new ArrayList<>();
        for (int p = 1; p <= 2; p++) {
            List<String> values = TestStations.values(station + "-p" + p, PER_PARTITION);
            TestStations.publish(nc, station, p, values);
            all.addAll(values);
        }
        return all;
    }

    private static MemphisSource<String> source(String station, String group, AckMode mode) {
        return MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup(group)
                .setAckMode(mode)
                .setMaxAckTime(Duration.ofSeconds(1))
                .setDeserializer(MemphisDeserializers.string())
                .build();
    }

    /** The group's durable on the partition, or null before the job created it. */
    private static ConsumerInfo consumerInfoOrNull(Connection nc, String station, int p, String group)
            throws Exception {
        try {
            return TestStations.consumerInfo(nc, station, p, group);
        } catch (JetStreamApiException notYet) {
            return null;
        }
    }

    @Test
    void onCheckpointWithoutCheckpointingWarnsAndAcksNothing() throws Exception {
        String station = "ackmode.oncheckpoint";
        try (Connection nc = TestStations.connect(NATS);
                LogCapture log = LogCapture.warnings(MemphisSourceReader.class.getName())) {
            List<String> all = fill(nc, station);
            try (Running job = new Running(source(station, "no-checkpoints", AckMode.ON_CHECKPOINT))) {
                TestStations.await(Duration.ofSeconds(60), "all records emitted",
                        () -> job.received.size() >= all.size());
                // The reader warns once no checkpoint came within the max ack time (1 s here).
                TestStations.await(Duration.ofSeconds(30), "the no-checkpoint warning",
                        () -> log.contains("no checkpoint for"));
                assertThat(log.messages()).anySatisfy(m -> assertThat(m).startsWith("WARN")
                        .contains("messages wait for their ack")
                        .contains("memphis.source.ack.mode=AFTER_EMIT"));
                assertThat(job.received).containsExactlyInAnyOrderElementsOf(all);
                for (int p = 1; p <= 2; p++) {
                    ConsumerInfo ci = TestStations.consumerInfo(nc, station, p, "no-checkpoints");
                    assertThat(ci.getAckFloor().getStreamSequence()).as("ack floor of partition %d", p).isZero();
                    assertThat(ci.getNumAckPending()).as("unacked on partition %d", p).isEqualTo(PER_PARTITION);
                }
            }
        }
    }

    @Test
    void afterEmitWithoutCheckpointingAcksEverythingAndDoesNotWarn() throws Exception {
        String station = "ackmode.afteremit";
        try (Connection nc = TestStations.connect(NATS);
                LogCapture log = LogCapture.warnings(MemphisSourceReader.class.getName())) {
            List<String> all = fill(nc, station);
            try (Running job = new Running(source(station, "after-emit", AckMode.AFTER_EMIT))) {
                TestStations.await(Duration.ofSeconds(60), "every message acked", () -> {
                    for (int p = 1; p <= 2; p++) {
                        ConsumerInfo ci = consumerInfoOrNull(nc, station, p, "after-emit");
                        if (ci == null || ci.getAckFloor().getStreamSequence() != PER_PARTITION || ci.getNumAckPending() != 0) {
                            return false;
                        }
                    }
                    return true;
                });
                TestStations.await(Duration.ofSeconds(30), "all records emitted",
                        () -> job.received.size() >= all.size());
                assertThat(job.received).containsExactlyInAnyOrderElementsOf(all);
            }
            assertThat(log.messages()).noneMatch(m -> m.contains("no checkpoint for"));
        }
    }
}
