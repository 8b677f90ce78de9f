package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.memphis.internal.StationNames;
import dev.lakestation.testsupport.FlinkJobFailures;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Broker crashes: nats-server killed with SIGKILL (no clean shutdown, so it may come back with older
 * consumer state: acks and deliveries forgotten) and restarted on the same port and store, while the
 * job reads. Every id reaches the job's exactly-once output once, and the broker ends with every
 * message acked. Also: a SIGKILL while a checkpoint is in flight together with a TaskManager failover,
 * and a group durable deleted mid-stream (recreated from the checkpointed position).
 */
class MemphisSourceBrokerCrashITCase {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    private static final MiniClusterTestEnvironment FLINK = new MiniClusterTestEnvironment();
    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 4000;
    private static final int TOTAL = PARTITIONS * PER_PARTITION;

    @BeforeAll
    static void startFlink() throws Exception {
        FLINK.startUp();
    }

    @AfterAll
    static void stopFlink() throws Exception {
        FLINK.tearDown();
    }

    @BeforeEach
    void reset() {
        Throttle.OPENS.set(0);
        Throttle.KILL_IN_CHECKPOINT.set(false);
        Throttle.KILLED_IN_CHECKPOINT.set(false);
    }

    /**
     * Identity with a rate limit (so that the kills land mid-stream), counting task (re)starts, and able
     * to SIGKILL the broker from inside a checkpoint: after the source snapshotted, before the
     * checkpoint completes and its acks are sent.
     */
    static final class Throttle extends RichMapFunction<String, String> implements CheckpointedFunction {
        static final AtomicInteger OPENS = new AtomicInteger();
        static final AtomicBoolean KILL_IN_CHECKPOINT = new AtomicBoolean();
        static final AtomicBoolean KILLED_IN_CHECKPOINT = new AtomicBoolean();
        private long n;

        @Override
        public void open(OpenContext ctx) {
            OPENS.incrementAndGet();
        }

        @Override
        public String map(String value) {
            if (++n % 4 == 0) {
                LockSupport.parkNanos(1_000_000); // ~4,000 records/s per subtask: rate limit, not synchronisation
            }
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (KILL_IN_CHECKPOINT.compareAndSet(true, false)) {
                NATS.server().kill();
                KILLED_IN_CHECKPOINT.set(true);
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}
    }

    private static final class Running implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        final JobClient job;
        final CloseableIterator<String> iterator;

        Running(JobClient job, CloseableIterator<String> iterator) {
            this.job = job;
            this.iterator = iterator;
            Thread reader = new Thread(() -> {
                try {
                    while (iterator.hasNext()) {
                        received.add(iterator.next());
                    }
                } catch (Exception e) {
                    // iterator closed at the end of the test
                }
            }, "collect-reader");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void close() throws Exception {
            job.cancel().get();
            iterator.close();
        }
    }

    private static Running start(String station, String group) throws Exception {
        StreamExecutionEnvironment env = TestStations.restartingEnvironment(FLINK, 2, 10);
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS).toBuilder().reconnectInterval(Duration.ofMillis(100)).build())
                .setStations(station)
                .setConsumerGroup(group)
                .setMaxAckTime(Duration.ofSeconds(5))
                .setDeserializer(MemphisDeserializers.string())
                .build();
        CloseableIterator<String> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis")
                .map(new Throttle()).collectAsync();
        return new Running(env.executeAsync("broker crash test " + station), it);
    }

    /** The job's failovers, asserted between {@code min} and {@code max}, each with one of {@code causes}. */
    private static FlinkJobFailures failures(Running job, int min, int max, String... causes) {
        return FlinkJobFailures.assertFailures(TestStations.restUrl(FLINK), job.job.getJobID().toHexString(), min, max,
                causes);
    }

    private static List<String> publishAll(String station) throws Exception {
        List<String> all = new ArrayList<>();
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, PARTITIONS);
            for (int p = 1; p <= PARTITIONS; p++) {
                List<String> values = TestStations.values(station + "-p" + p, PER_PARTITION);
                TestStations.publish(nc, station, p, values);
                all.addAll(values);
            }
        }
        return all;
    }

    private static void awaitProgress(Running job, double fraction) throws Exception {
        TestStations.await(Duration.ofSeconds(40), (int) (fraction * 100) + "% of the messages",
                () -> job.received.size() >= fraction * TOTAL);
    }

    /** All read, and the broker (whatever state it came back with) has every message acked. */
    private static void awaitDone(Running job, String station, String group) throws Exception {
        TestStations.await(Duration.ofSeconds(50), "every message read", () -> job.received.size() >= TOTAL);
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.await(Duration.ofSeconds(40), "every message acked", () -> {
                for (int p = 1; p <= PARTITIONS; p++) {
                    ConsumerInfo ci = TestStations.consumerInfo(nc, station, p, group);
                    if (ci.getNumAckPending() != 0 || ci.getAckFloor().getStreamSequence() != PER_PARTITION) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    private static void assertEachIdOnce(Running job, List<String> expected) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String v : job.received) {
            counts.merge(v, 1, Integer::sum);
        }
        List<String> duplicated = new ArrayList<>();
        counts.forEach((id, c) -> {
            if (c > 1) {
                duplicated.add(id + "×" + c);
            }
        });
        assertThat(duplicated).as("ids emitted more than once").isEmpty();
        assertThat(counts.keySet()).as("distinct ids").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(job.received).hasSize(expected.size());
    }

    @Test
    void twoSigkillsMidStreamEmitEveryIdOnce() throws Exception {
        String station = "crash.twice";
        List<String> expected = publishAll(station);
        int killsBefore = NATS.server().kills();
        try (Running job = start(station, "crash-group")) {
            awaitProgress(job, 0.25);
            long first = NATS.server().pid();
            NATS.killAndRestart();
            awaitProgress(job, 0.6);
            NATS.killAndRestart();
            assertThat(NATS.server().pid()).isNotEqualTo(first);
            awaitDone(job, station, "crash-group");
            assertThat(NATS.server().kills() - killsBefore).as("SIGKILLs").isEqualTo(2);
            assertEachIdOnce(job, expected);
            assertThat(Throttle.OPENS.get()).as("no Flink failover was needed").isEqualTo(2);
            failures(job, 0, 0);
        }
    }

    @Test
    void sigkillDuringACheckpointAndTaskManagerFailoverEmitEveryIdOnce() throws Exception {
        String station = "crash.checkpoint";
        List<String> expected = publishAll(station);
        int killsBefore = NATS.server().kills();
        try (Running job = start(station, "crash-cp-group")) {
            awaitProgress(job, 0.2);
            Throttle.KILL_IN_CHECKPOINT.set(true);
            TestStations.await(Duration.ofSeconds(20), "a SIGKILL inside a checkpoint", Throttle.KILLED_IN_CHECKPOINT::get);
            NATS.server().start();
            awaitProgress(job, 0.45);
            FLINK.triggerTaskManagerFailover(job.job, () -> {});
            awaitProgress(job, 0.7);
            NATS.killAndRestart();
            awaitDone(job, station, "crash-cp-group");
            assertThat(NATS.server().kills() - killsBefore).as("SIGKILLs").isEqualTo(2);
            assertThat(Throttle.OPENS.get()).as("map (re)starts: the failover happened").isGreaterThan(2);
            assertEachIdOnce(job, expected);
            // the TaskManager loss is the only failover: the SIGKILLs (one inside a checkpoint) needed none
            FlinkJobFailures f = failures(job, 1, 1, MemphisSourceFailureITCase.TASK_MANAGER_LOST);
            assertThat(f.restoredCheckpoints()).as("restores from a checkpoint").isEqualTo(1);
        }
    }

    @Test
    void durableDeletedMidStreamIsRecreatedFromTheCheckpoint() throws Exception {
        String station = "crash.durable";
        List<String> expected = publishAll(station);
        try (Running job = start(station, "deleted-group")) {
            awaitProgress(job, 0.3);
            try (Connection nc = TestStations.connect(NATS)) {
                for (int p = 1; p <= PARTITIONS; p++) {
                    nc.jetStreamManagement().deleteConsumer(StationNames.streamName(station, p),
                            StationNames.internalName("deleted-group"));
                }
            }
            awaitDone(job, station, "deleted-group");
            assertEachIdOnce(job, expected);
            failures(job, 0, 0); // the durable is recreated by the reader, without a failover
        }
    }
}
