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
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;
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

    @Test
    void afterEmitModeAcksWithoutCheckpoints() throws Exception {
        String station = "acks.after-emit";
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g3", Duration.ofSeconds(60));
        TestStations.publish(nc, station, 1, TestStations.values("e", 200));
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup("g3")
                .setAckMode(dev.lakestation.connector.source.AckMode.AFTER_EMIT)
                .setDeserializer(MemphisDeserializers.string())
                .build();
        MemphisSourceReader<String> reader = reader(source);
        try {
            reader.addSplits(List.of(new MemphisPartitionSplit(station, 1, MemphisPartitionSplit.NO_STOP,
                    MemphisPartitionSplit.NO_STOP)));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(reader, out, 200);
            TestStations.await(Duration.ofSeconds(10), "acked without any checkpoint", () -> {
                ConsumerInfo ci = TestStations.consumerInfo(nc, station, 1, "g3");
                return ci.getNumAckPending() == 0 && ci.getAckFloor().getStreamSequence() == 200;
            });
        } finally {
            reader.close();
        }
    }

    @Test
    void metricsCarryFlip33AndPerPartitionNamesAndOneReaderDrainsFourPartitions() throws Exception {
        String station = "acks.metrics";
        TestStations.createStation(nc, station, 4);
        TestStations.createGroup(nc, station, 4, "g5", Duration.ofSeconds(60));
        for (int p = 1; p <= 4; p++) {
            TestStations.publish(nc, station, p, TestStations.values("p" + p, 250));
        }
        RecordingMetricGroup recorded = new RecordingMetricGroup();
        InternalSourceReaderMetricGroup group = InternalSourceReaderMetricGroup.wrap(recorded);
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup("g5")
                .setConfig(dev.lakestation.connector.source.MemphisSourceOptions.PENDING_POLL_INTERVAL,
                        Duration.ofMillis(100))
                .setDeserializer(MemphisDeserializers.string())
                .build();
        @SuppressWarnings("unchecked")
        MemphisSourceReader<String> reader = (MemphisSourceReader<String>) source.createReader(
                new TestingReaderContext(new org.apache.flink.configuration.Configuration(), group));
        reader.start();
        try {
            List<MemphisPartitionSplit> splits = new java.util.ArrayList<>();
            for (int p = 1; p <= 4; p++) {
                splits.add(new MemphisPartitionSplit(station, p, MemphisPartitionSplit.NO_STOP, MemphisPartitionSplit.NO_STOP));
            }
            reader.addSplits(splits);
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(reader, out, 1000);
            List<String> expected = new java.util.ArrayList<>();
            for (int p = 1; p <= 4; p++) {
                expected.addAll(TestStations.values("p" + p, 250));
            }
            assertThat(out.getEmittedRecords()).containsExactlyInAnyOrderElementsOf(expected);

            long bytes = 0;
            for (String v : expected) {
                bytes += v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
            assertThat(recorded.count("numBytesIn")).as("numBytesIn").isEqualTo(bytes);
            String p3 = "station." + station + ".partition.3.";
            assertThat(recorded.<Long>gaugeValue(p3 + "pendingAcks")).isEqualTo(250L);
            assertThat(recorded.<Long>gaugeValue(p3 + "lastEmittedSeq")).isEqualTo(250L);
            // pending = what the group has not yet delivered: nothing (all 1000 delivered, not yet acked)
            TestStations.await(Duration.ofSeconds(10), "pending polled", () ->
                    recorded.<Long>gaugeValue(p3 + "pending") == 0L);
            assertThat(recorded.<Long>gaugeValue("pendingRecords")).isZero();

            reader.snapshotState(1);
            reader.notifyCheckpointComplete(1);
            TestStations.await(Duration.ofSeconds(10), "acks confirmed", () ->
                    recorded.count("memphis.acksSucceeded") == 1000);
            assertThat(recorded.<Long>gaugeValue(p3 + "lastAckedSeq")).isEqualTo(250L);
            assertThat(recorded.metrics()).containsKeys("memphis.acksFailed", "memphis.redeliveriesDropped",
                    "memphis.deserializationErrors");
            assertThat(recorded.count("memphis.acksFailed")).isZero();
        } finally {
            reader.close();
        }
    }

    @Test
    void messagesWaitingLongerThanHalfTheAckWaitGetInProgressAndAreNotRedelivered() throws Exception {
        String station = "acks.in-progress";
        Duration ackWait = Duration.ofSeconds(2);
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g7", ackWait);
        TestStations.publish(nc, station, 1, TestStations.values("w", 50));
        MemphisSourceReader<String> reader = reader(source(station, "g7", ackWait));
        try {
            reader.addSplits(List.of(new MemphisPartitionSplit(station, 1, MemphisPartitionSplit.NO_STOP,
                    MemphisPartitionSplit.NO_STOP)));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(reader, out, 50);
            // No checkpoint for twice the ack wait: without +WPI the broker would redeliver all 50.
            long until = System.nanoTime() + ackWait.multipliedBy(2).toNanos();
            TestStations.await(Duration.ofSeconds(30), "two ack waits without a checkpoint", () -> {
                reader.pollNext(out);
                return System.nanoTime() > until;
            });
            ConsumerInfo ci = TestStations.consumerInfo(nc, station, 1, "g7");
            assertThat(ci.getRedelivered()).as("redeliveries despite in-progress acks").isZero();
            assertThat(reader.metrics().redeliveriesDroppedCount()).isZero();
            assertThat(out.getEmittedRecords()).hasSize(50);
            reader.snapshotState(1);
            reader.notifyCheckpointComplete(1);
            TestStations.await(Duration.ofSeconds(10), "all acked", () -> {
                ConsumerInfo c = TestStations.consumerInfo(nc, station, 1, "g7");
                return c.getNumAckPending() == 0 && c.getAckFloor().getStreamSequence() == 50;
            });
        } finally {
            reader.close();
        }
    }

    /** Fails on payloads starting with "bad". */
    private static final class Picky implements dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema<String> {
        @Override
        public void deserialize(dev.lakestation.connector.source.MemphisRecord r, org.apache.flink.util.Collector<String> out) {
            String v = new String(r.data(), java.nio.charset.StandardCharsets.UTF_8);
            if (v.startsWith("bad")) {
                throw new IllegalArgumentException("payload " + v + " rejected");
            }
            out.collect(v);
        }

        @Override
        public org.apache.flink.api.common.typeinfo.TypeInformation<String> getProducedType() {
            return org.apache.flink.api.common.typeinfo.Types.STRING;
        }
    }

    @Test
    void deadLetteredRecordsAreCountedInBothErrorMetrics() throws Exception {
        String station = "acks.dls-count";
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g8", Duration.ofSeconds(60));
        TestStations.publish(nc, station, 1, List.of("ok-1", "bad-2", "ok-3", "bad-4"));
        RecordingMetricGroup recorded = new RecordingMetricGroup();
        InternalSourceReaderMetricGroup group = InternalSourceReaderMetricGroup.wrap(recorded);
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup("g8")
                .setDeserializer(new Picky())
                .build();
        @SuppressWarnings("unchecked")
        MemphisSourceReader<String> reader = (MemphisSourceReader<String>) source.createReader(
                new TestingReaderContext(new org.apache.flink.configuration.Configuration(), group));
        reader.start();
        try {
            reader.addSplits(List.of(new MemphisPartitionSplit(station, 1, MemphisPartitionSplit.NO_STOP,
                    MemphisPartitionSplit.NO_STOP)));
            TestingReaderOutput<String> out = new TestingReaderOutput<>();
            pollUntil(reader, out, 2);
            TestStations.await(Duration.ofSeconds(10), "both bad records handled", () -> {
                reader.pollNext(out);
                return recorded.count("memphis.deserializationErrors") == 2;
            });
            assertThat(out.getEmittedRecords()).containsExactly("ok-1", "ok-3");
            assertThat(group.getNumRecordsInErrorsCounter().getCount()).as("numRecordsInErrors").isEqualTo(2);
            assertThat(nc.jetStreamManagement().getStreamInfo(dev.lakestation.memphis.internal.StationNames.dlsStreamName(station))
                    .getStreamState().getMsgCount()).as("dead letters").isEqualTo(2);
        } finally {
            reader.close();
        }
    }

    /** Also records each record's timestamp (split outputs of this class are itself). */
    private static final class TimestampOutput extends TestingReaderOutput<String> {
        final List<Long> timestamps = new java.util.ArrayList<>();

        @Override
        public void collect(String record, long timestamp) {
            timestamps.add(timestamp);
            super.collect(record, timestamp);
        }
    }

    @Test
    void recordTimestampIsTheTimeSent() throws Exception {
        String station = "acks.timestamps";
        TestStations.createStation(nc, station, 1);
        TestStations.createGroup(nc, station, 1, "g9", Duration.ofSeconds(60));
        TestStations.publish(nc, station, 1, TestStations.values("t", 3));
        MemphisSourceReader<String> reader = reader(source(station, "g9", Duration.ofSeconds(60)));
        try {
            reader.addSplits(List.of(new MemphisPartitionSplit(station, 1, MemphisPartitionSplit.NO_STOP,
                    MemphisPartitionSplit.NO_STOP)));
            TimestampOutput out = new TimestampOutput();
            TestStations.await(Duration.ofSeconds(30), "3 records", () -> {
                reader.pollNext(out);
                return out.getEmittedRecords().size() >= 3;
            });
            for (int seq = 1; seq <= 3; seq++) {
                long sent = nc.jetStreamManagement()
                        .getMessage(dev.lakestation.memphis.internal.StationNames.streamName(station, 1), seq)
                        .getTime().toInstant().toEpochMilli();
                assertThat(out.timestamps.get(seq - 1)).as("timestamp of seq " + seq).isEqualTo(sent);
            }
        } finally {
            reader.close();
        }
    }

    @Test
    void readerWithoutPartitionsMarksItselfIdle() throws Exception {
        MemphisSourceReader<String> reader = reader(source("acks.none", "g6", Duration.ofSeconds(60)));
        try {
            IdleRecordingOutput out = new IdleRecordingOutput();
            reader.pollNext(out);
            assertThat(out.idle).as("a reader without splits must not hold back the watermark").isTrue();
        } finally {
            reader.close();
        }
    }

    /** Records markIdle; everything else is irrelevant for a reader without splits. */
    private static final class IdleRecordingOutput implements org.apache.flink.api.connector.source.ReaderOutput<String> {
        boolean idle;

        @Override
        public void collect(String record) {
            throw new AssertionError("no record expected");
        }

        @Override
        public void collect(String record, long timestamp) {
            throw new AssertionError("no record expected");
        }

        @Override
        public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) {}

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }

        @Override
        public org.apache.flink.api.connector.source.SourceOutput<String> createOutputForSplit(String splitId) {
            throw new AssertionError("no split expected");
        }

        @Override
        public void releaseOutputForSplit(String splitId) {}
    }

    @Test
    void maxAckTimeShorterThanCheckpointsFailsAtStartWhenInProgressAcksAreOff() {
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations("any")
                .setConsumerGroup("g4")
                .setMaxAckTime(Duration.ofSeconds(30))
                .setConfig(dev.lakestation.connector.source.MemphisSourceOptions.ACK_IN_PROGRESS, false)
                .setDeserializer(MemphisDeserializers.string())
                .build();
        @SuppressWarnings("unchecked")
        MemphisSourceReader<String> reader =
                (MemphisSourceReader<String>) source.createReader(new TestingReaderContext());
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(20));
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofSeconds(20));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.validateCheckpointing(conf))
                .hasMessageContaining("max ack time PT30S")
                .hasMessageContaining("checkpoint interval PT20S + checkpoint timeout PT20S");
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofSeconds(5));
        reader.validateCheckpointing(conf);
    }
}
