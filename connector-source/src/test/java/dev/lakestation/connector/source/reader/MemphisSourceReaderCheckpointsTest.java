package dev.lakestation.connector.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.MemphisSourceOptions;
import dev.lakestation.connector.source.TestStations;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.connector.source.split.MemphisPartitionSplit;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ack protocol across checkpoint boundaries, one reader with a real consumer on a real nats-server,
 * every claim checked on the broker (the durable's ack floor, {@code num_ack_pending}, redeliveries):
 * records emitted after {@code snapshotState(n)} are not acked by {@code notifyCheckpointComplete(n)};
 * several checkpoints in flight, completed out of order or not at all; {@code notifyCheckpointAborted};
 * and a restore from a checkpoint older than the last one acked.
 *
 * <p>The broker's ack of a message is only ever sent for a checkpoint that contains its emission, and a
 * restored reader never emits a sequence its restored state has as done. What a restore from an older
 * checkpoint <em>cannot</em> do is bring back messages a later completed checkpoint acked: those are done
 * for the consumer group (their effect is in that later checkpoint), see the connector-source README's
 * limits. Messages no completed checkpoint acked are redelivered and emitted once.
 */
class MemphisSourceReaderCheckpointsTest {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    /** Short, so restored runs see the failed run's deliveries again within the test. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Connection nc;

    @BeforeAll
    static void connect() throws Exception {
        nc = TestStations.connect(NATS);
    }

    @AfterAll
    static void close() throws Exception {
        nc.close();
    }

    private static MemphisSourceReader<String> reader(String station, String group) {
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup(group)
                .setMaxAckTime(ACK_WAIT)
                // the consumer-info poll that also learns the group's ack floor: fast, so restores settle quickly
                .setConfig(MemphisSourceOptions.PENDING_POLL_INTERVAL, Duration.ofMillis(100))
                .setDeserializer(MemphisDeserializers.string())
                .build();
        SourceReader<String, MemphisPartitionSplit> r = source.createReader(new TestingReaderContext());
        r.start();
        return (MemphisSourceReader<String>) r;
    }

    private static MemphisPartitionSplit fresh(String station) {
        return new MemphisPartitionSplit(station, 1, MemphisPartitionSplit.NO_STOP, MemphisPartitionSplit.NO_STOP);
    }

    private static void pollUntil(MemphisSourceReader<String> reader, TestingReaderOutput<String> out, int count)
            throws Exception {
        TestStations.await(TIMEOUT, count + " records emitted", () -> {
            reader.pollNext(out);
            if (out.getEmittedRecords().size() < count) {
                try {
                    reader.isAvailable().get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    // poll again
                }
            }
            return out.getEmittedRecords().size() >= count;
        });
    }

    private static ConsumerInfo info(String station, String group) throws Exception {
        return TestStations.consumerInfo(nc, station, 1, group);
    }

    /** Waits until the reader's acks are confirmed up to {@code acked}, then checks the broker state exactly. */
    private static void assertAcked(MemphisSourceReader<String> reader, String station, String group, long ackFloor,
            long ackPending, long confirmedAcks) throws Exception {
        TestStations.await(TIMEOUT, confirmedAcks + " acks confirmed", () ->
                reader.metrics().acksSucceededCount() >= confirmedAcks);
        ConsumerInfo ci = info(station, group);
        assertThat(ci.getAckFloor().getStreamSequence()).as("ack floor").isEqualTo(ackFloor);
        assertThat(ci.getNumAckPending()).as("num_ack_pending").isEqualTo(ackPending);
        assertThat(reader.metrics().acksSucceededCount()).as("confirmed acks").isEqualTo(confirmedAcks);
        assertThat(reader.metrics().acksFailedCount()).as("failed acks").isZero();
    }

    private static List<String> values(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    @Test
    void recordsEmittedBetweenSnapshotAndCompletionAreNotAckedByThatCheckpoint() throws Exception {
        String station = "cp.between";
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g", Duration.ofSeconds(60));
        TestStations.publish(nc, station, 1, values("m", 0, 100));
        MemphisSourceReader<String> reader = reader(station, "g");
        try {
            reader.addSplits(List.of(fresh(station)));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(reader, out, 100);
            assertThat(reader.snapshotState(1).get(0).pendingAcks().size()).isEqualTo(100);

            // emitted after the barrier of checkpoint 1: part of checkpoint 2, not 1
            TestStations.publish(nc, station, 1, values("m", 100, 150));
            pollUntil(reader, out, 150);
            reader.notifyCheckpointComplete(1);
            assertAcked(reader, station, "g", 100, 50, 100);

            reader.snapshotState(2);
            reader.notifyCheckpointComplete(2);
            assertAcked(reader, station, "g", 150, 0, 150);
            assertThat(out.getEmittedRecords()).containsExactlyElementsOf(values("m", 0, 150));
        } finally {
            reader.close();
        }
    }

    @Test
    void checkpointsInFlightCompletedOutOfOrderOrAbortedAckExactlyWhatTheCompletedOnesContain() throws Exception {
        String station = "cp.inflight";
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g", Duration.ofSeconds(60));
        MemphisSourceReader<String> reader = reader(station, "g");
        try {
            reader.addSplits(List.of(fresh(station)));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            for (int cp = 1; cp <= 3; cp++) { // three checkpoints in flight: 1 → 1..100, 2 → ..200, 3 → ..300
                TestStations.publish(nc, station, 1, values("m", (cp - 1) * 100, cp * 100));
                pollUntil(reader, out, cp * 100);
                assertThat(reader.snapshotState(cp).get(0).pendingAcks().size()).isEqualTo(cp * 100L);
            }
            assertThat(info(station, "g").getNumAckPending()).as("nothing acked while all are in flight").isEqualTo(300);

            // 2 completes without 1 (1's notification lost or late): 2 subsumes 1, 3 stays unacked
            reader.notifyCheckpointComplete(2);
            assertAcked(reader, station, "g", 200, 100, 200);
            // the late notification of 1 acks nothing again
            reader.notifyCheckpointComplete(1);
            reader.notifyCheckpointAborted(3);
            TestStations.publish(nc, station, 1, values("m", 300, 320));
            pollUntil(reader, out, 320);
            assertAcked(reader, station, "g", 200, 120, 200);

            // 4 after the aborted 3: acks everything 3 had and what came since
            reader.snapshotState(4);
            reader.notifyCheckpointComplete(4);
            assertAcked(reader, station, "g", 320, 0, 320);
            assertThat(info(station, "g").getRedelivered()).as("redelivered").isZero();
            assertThat(out.getEmittedRecords()).containsExactlyElementsOf(values("m", 0, 320));
        } finally {
            reader.close();
        }
    }

    @Test
    void restoreFromAnOlderCheckpointThanTheLastAckedOneEmitsOnlyTheUnackedOnesOnce() throws Exception {
        String station = "cp.older";
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g", ACK_WAIT);
        TestStations.publish(nc, station, 1, values("m", 0, 100));
        MemphisPartitionSplit older;
        MemphisSourceReader<String> first = reader(station, "g");
        try {
            first.addSplits(List.of(fresh(station)));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(first, out, 100);
            older = first.snapshotState(1).get(0); // seqs 1..100, all still pending at this point
            first.notifyCheckpointComplete(1);
            assertAcked(first, station, "g", 100, 0, 100);
            TestStations.publish(nc, station, 1, values("m", 100, 200));
            pollUntil(first, out, 200);
            first.snapshotState(2);
            first.notifyCheckpointComplete(2);
            assertAcked(first, station, "g", 200, 0, 200);
            // emitted after the last completed checkpoint, then the run fails: never acked
            TestStations.publish(nc, station, 1, values("m", 200, 250));
            pollUntil(first, out, 250);
        } finally {
            first.close();
        }
        assertThat(older.pendingAcks().size()).as("pending in the older checkpoint").isEqualTo(100);
        assertThat(info(station, "g").getNumAckPending()).isEqualTo(50);

        MemphisSourceReader<String> restored = reader(station, "g");
        try {
            restored.addSplits(List.of(older));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            // 201..250 come back after the ack wait and are new to the restored state; 101..200 were acked by
            // checkpoint 2 and are not redelivered; 1..100 (pending in the restored state) were acked long ago
            pollUntil(restored, out, 50);
            assertThat(out.getEmittedRecords()).containsExactlyElementsOf(values("m", 200, 250));
            // the restored pending entries of 1..100 are settled by the group's ack floor, not kept forever
            TestStations.await(TIMEOUT, "restored pending entries below the ack floor settled", () -> {
                restored.pollNext(out);
                SequenceRangesView pending = new SequenceRangesView(restored.snapshotState(3).get(0));
                return pending.size == 50 && pending.first == 201;
            });
            restored.notifyCheckpointComplete(3);
            TestStations.await(TIMEOUT, "everything acked on the broker", () -> {
                restored.pollNext(out);
                ConsumerInfo ci = info(station, "g");
                return ci.getAckFloor().getStreamSequence() == 250 && ci.getNumAckPending() == 0;
            });
            // the broker stores an ack before its reply reaches the reader: wait for the 50 confirmations too
            TestStations.await(TIMEOUT, "50 acks confirmed to the reader", () -> {
                restored.pollNext(out);
                return restored.metrics().acksSucceededCount() >= 50;
            });
            assertThat(restored.metrics().acksFailedCount()).as("failed acks").isZero();
            MemphisPartitionSplit last = restored.snapshotState(4).get(0);
            assertThat(last.pendingAcks().isEmpty()).as("pending after the final acks: " + last).isTrue();
            assertThat(out.getEmittedRecords()).as("nothing emitted twice").containsExactlyElementsOf(values("m", 200, 250));
        } finally {
            restored.close();
        }
    }

    @Test
    void restoreAfterAnAbortedCheckpointReEmitsEverythingAfterTheLastCompletedOneOnce() throws Exception {
        String station = "cp.aborted";
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g", ACK_WAIT);
        TestStations.publish(nc, station, 1, values("m", 0, 100));
        MemphisPartitionSplit completed;
        MemphisSourceReader<String> first = reader(station, "g");
        try {
            first.addSplits(List.of(fresh(station)));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(first, out, 100);
            completed = first.snapshotState(1).get(0);
            first.notifyCheckpointComplete(1);
            assertAcked(first, station, "g", 100, 0, 100);
            TestStations.publish(nc, station, 1, values("m", 100, 180));
            pollUntil(first, out, 180);
            first.snapshotState(2);
            first.notifyCheckpointAborted(2);
            // the run fails before checkpoint 3: 101..180 were never acked
        } finally {
            first.close();
        }
        assertThat(info(station, "g").getAckFloor().getStreamSequence()).as("aborted checkpoint acked nothing")
                .isEqualTo(100);

        MemphisSourceReader<String> restored = reader(station, "g");
        try {
            restored.addSplits(List.of(completed));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(restored, out, 80);
            restored.snapshotState(3);
            restored.notifyCheckpointComplete(3);
            TestStations.await(TIMEOUT, "everything acked on the broker", () -> {
                restored.pollNext(out);
                ConsumerInfo ci = info(station, "g");
                return ci.getAckFloor().getStreamSequence() == 180 && ci.getNumAckPending() == 0;
            });
            assertThat(out.getEmittedRecords()).as("each unacked message once, nothing of checkpoint 1")
                    .containsExactlyElementsOf(values("m", 100, 180));
            assertThat(restored.metrics().acksFailedCount()).isZero();
        } finally {
            restored.close();
        }
    }

    /** Size and first sequence of a split's pending set (0 / -1 when empty). */
    private static final class SequenceRangesView {
        final long size;
        final long first;

        SequenceRangesView(MemphisPartitionSplit split) {
            this.size = split.pendingAcks().size();
            this.first = split.pendingAcks().isEmpty() ? -1 : split.pendingAcks().first();
        }
    }
}
