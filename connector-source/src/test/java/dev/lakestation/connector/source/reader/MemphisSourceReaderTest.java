package dev.lakestation.connector.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.TestStations;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The checkpointed-ack protocol of one reader, checked on the broker's consumer state. */
class MemphisSourceReaderTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    private static Connection nc;

    @BeforeAll
    static void connect() throws Exception {
        nc = TestStations.connect(NATS);
    }

    @AfterAll
    static void close() throws Exception {
        nc.close();
    }

    private static MemphisSource<String> source(String station, String group, Duration ackWait) {
        return MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup(group)
                .setMaxAckTime(ackWait)
                .setDeserializer(MemphisDeserializers.string())
                .build();
    }

    @SuppressWarnings("unchecked")
    private static MemphisSourceReader<String> reader(MemphisSource<String> source) {
        SourceReader<String, MemphisPartitionSplit> r = source.createReader(new TestingReaderContext());
        r.start();
        return (MemphisSourceReader<String>) r;
    }

    private static void pollUntil(MemphisSourceReader<String> reader, TestingReaderOutput<String> out, int count)
            throws Exception {
        TestStations.await(Duration.ofSeconds(30), count + " records", () -> {
            reader.pollNext(out);
            if (out.getEmittedRecords().size() < count) {
                try {
                    reader.isAvailable().get(50, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // poll again
                }
            }
            return out.getEmittedRecords().size() >= count;
        });
    }

    @Test
    void nothingIsAckedBeforeTheCheckpointCompletesAndEverythingAfter() throws Exception {
        String station = "acks.basic";
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g1", Duration.ofSeconds(60));
        TestStations.publish(nc, station, 1, TestStations.values("m", 500));

        MemphisSourceReader<String> reader = reader(source(station, "g1", Duration.ofSeconds(60)));
        try {
            reader.addSplits(List.of(new MemphisPartitionSplit(station, 1, MemphisPartitionSplit.NO_STOP,
                    MemphisPartitionSplit.NO_STOP)));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(reader, out, 500);
            assertThat(out.getEmittedRecords()).containsExactlyElementsOf(TestStations.values("m", 500));

            List<MemphisPartitionSplit> snapshot = reader.snapshotState(1);
            assertThat(snapshot).hasSize(1);
            assertThat(snapshot.get(0).pendingAcks().size()).isEqualTo(500);
            assertThat(snapshot.get(0).lastEmittedSequence()).isEqualTo(500);
            ConsumerInfo before = TestStations.consumerInfo(nc, station, 1, "g1");
            assertThat(before.getNumAckPending()).as("acked before the checkpoint completed").isEqualTo(500);
            assertThat(before.getAckFloor().getStreamSequence()).isZero();

            reader.notifyCheckpointComplete(1);
            TestStations.await(Duration.ofSeconds(10), "all 500 acked on the broker", () -> {
                ConsumerInfo ci = TestStations.consumerInfo(nc, station, 1, "g1");
                return ci.getNumAckPending() == 0 && ci.getAckFloor().getStreamSequence() == 500;
            });
            TestStations.await(Duration.ofSeconds(10), "pending set emptied", () ->
                    reader.snapshotState(2).get(0).pendingAcks().isEmpty());
            assertThat(reader.metrics().acksSucceededCount()).isEqualTo(500);
            assertThat(reader.metrics().acksFailedCount()).isZero();
        } finally {
            reader.close();
        }
    }

    @Test
    void redeliveriesOfRestoredPendingMessagesAreAckedNotEmitted() throws Exception {
        String station = "acks.restore";
        Duration ackWait = Duration.ofSeconds(2);
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g2", ackWait);
        TestStations.publish(nc, station, 1, TestStations.values("a", 100));

        MemphisSourceReader<String> first = reader(source(station, "g2", ackWait));
        MemphisPartitionSplit checkpointed;
        try {
            first.addSplits(List.of(new MemphisPartitionSplit(station, 1, MemphisPartitionSplit.NO_STOP,
                    MemphisPartitionSplit.NO_STOP)));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(first, out, 100);
            checkpointed = first.snapshotState(7).get(0);
            // the job fails before checkpoint 7 is confirmed: no acks
        } finally {
            first.close();
        }
        assertThat(checkpointed.pendingAcks().size()).isEqualTo(100);
        assertThat(TestStations.consumerInfo(nc, station, 1, "g2").getNumAckPending()).isEqualTo(100);

        TestStations.publish(nc, station, 1, TestStations.values("b", 50));
        MemphisSourceReader<String> restored = reader(source(station, "g2", ackWait));
        try {
            restored.addSplits(List.of(checkpointed));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(restored, out, 50);
            // the 100 restored ones come back after the ack wait: acked without being emitted
            TestStations.await(Duration.ofSeconds(20), "restored pending acked", () -> {
                restored.pollNext(out);
                ConsumerInfo ci = TestStations.consumerInfo(nc, station, 1, "g2");
                return ci.getAckFloor().getStreamSequence() >= 100 && ci.getNumAckPending() == 50;
            });
            assertThat(out.getEmittedRecords()).containsExactlyElementsOf(TestStations.values("b", 50));
            assertThat(restored.metrics().redeliveriesDroppedCount()).isGreaterThanOrEqualTo(100);

            restored.snapshotState(8);
            restored.notifyCheckpointComplete(8);
            TestStations.await(Duration.ofSeconds(10), "everything acked", () -> {
                ConsumerInfo ci = TestStations.consumerInfo(nc, station, 1, "g2");
                return ci.getNumAckPending() == 0 && ci.getAckFloor().getStreamSequence() == 150;
            });
            assertThat(out.getEmittedRecords()).hasSize(50);
        } finally {
            restored.close();
        }
    }
}
