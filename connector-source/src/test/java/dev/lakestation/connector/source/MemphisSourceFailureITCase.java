package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.testsupport.FlinkJobFailures;
import dev.lakestation.testsupport.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures mid-stream: a job restart from a checkpoint, a TaskManager failure and a nats-server
 * restart each deliver every message exactly once into the job's (exactly-once collect) output, and
 * every message ends up acked on the broker.
 */
class MemphisSourceFailureITCase {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    private static final MiniClusterTestEnvironment FLINK = new MiniClusterTestEnvironment();
    private static final int PER_BATCH = 400;

    @BeforeAll
    static void startFlink() throws Exception {
        FLINK.startUp();
    }

    @AfterAll
    static void stopFlink() throws Exception {
        FLINK.tearDown();
    }

    /** Collects the job's output on a background thread. */
    private static final class Running implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        final JobClient job;
        final CloseableIterator<String> iterator;
        final Thread reader;

        Running(JobClient job, CloseableIterator<String> iterator) {
            this.job = job;
            this.iterator = iterator;
            this.reader = new Thread(() -> {
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

    private Running start(String station, String group, MapFunction<String, String> map) throws Exception {
        StreamExecutionEnvironment env = TestStations.restartingEnvironment(FLINK, 2, 5);
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestStations.options(NATS))
                .setStations(station)
                .setConsumerGroup(group)
                .setMaxAckTime(Duration.ofSeconds(2))
                .setDeserializer(MemphisDeserializers.string())
                .build();
        DataStream<String> stream = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis").map(map);
        CloseableIterator<String> it = stream.collectAsync();
        return new Running(env.executeAsync("failure test " + station), it);
    }

    /** In the failure a terminated TaskManager causes (its tasks' root cause). */
    static final String[] TASK_MANAGER_LOST = {"The TaskExecutor is shutting down"};

    /** The job's failovers, asserted between {@code min} and {@code max}, each with one of {@code causes}. */
    private static FlinkJobFailures failures(Running job, int min, int max, String... causes) {
        return FlinkJobFailures.assertFailures(TestStations.restUrl(FLINK), job.job.getJobID().toHexString(), min, max,
                causes);
    }

    private static void awaitAllAcked(Connection nc, String station, int partitions, String group, long perPartition)
            throws Exception {
        TestStations.await(Duration.ofSeconds(60), "all messages of " + station + " acked", () -> {
            for (int p = 1; p <= partitions; p++) {
                ConsumerInfo ci = TestStations.consumerInfo(nc, station, p, group);
                if (ci.getNumAckPending() != 0 || ci.getAckFloor().getStreamSequence() != perPartition) {
                    return false;
                }
            }
            return true;
        });
    }

    private static List<String> publishBatch(Connection nc, String station, String batch) throws Exception {
        List<String> all = new ArrayList<>();
        for (int p = 1; p <= 2; p++) {
            List<String> values = TestStations.values(batch + "-p" + p, PER_BATCH);
            TestStations.publish(nc, station, p, values);
            all.addAll(values);
        }
        return all;
    }

    /** Fails once, on the first record after a checkpoint completed once {@code armed} is set. */
    static final class FailOnceAfterCheckpoint implements MapFunction<String, String>, CheckpointListener {
        static final AtomicBoolean ARMED = new AtomicBoolean();
        static final AtomicBoolean CHECKPOINTED_WHILE_ARMED = new AtomicBoolean();
        static final AtomicInteger AFTER_CHECKPOINT = new AtomicInteger();
        static final AtomicBoolean FAILED = new AtomicBoolean();

        @Override
        public String map(String value) {
            if (CHECKPOINTED_WHILE_ARMED.get() && !FAILED.get() && AFTER_CHECKPOINT.incrementAndGet() == 150
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (ARMED.get()) {
                CHECKPOINTED_WHILE_ARMED.set(true);
            }
        }
    }

    @Test
    void jobRestartFromCheckpointEmitsEveryMessageExactlyOnce() throws Exception {
        String station = "failure.restart";
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 2);
            List<String> expected = publishBatch(nc, station, "a");
            try (Running job = start(station, "restart-group", new FailOnceAfterCheckpoint())) {
                TestStations.await(Duration.ofSeconds(60), "first batch", () -> job.received.size() >= expected.size());
                FailOnceAfterCheckpoint.ARMED.set(true);
                TestStations.await(Duration.ofSeconds(30), "a checkpoint while armed",
                        FailOnceAfterCheckpoint.CHECKPOINTED_WHILE_ARMED::get);
                expected.addAll(publishBatch(nc, station, "b"));
                TestStations.await(Duration.ofSeconds(60), "the injected failure", FailOnceAfterCheckpoint.FAILED::get);
                TestStations.await(Duration.ofSeconds(60), "all messages after the restart",
                        () -> job.received.size() >= expected.size());
                awaitAllAcked(nc, station, 2, "restart-group", 2L * PER_BATCH);
                assertThat(job.received).containsExactlyInAnyOrderElementsOf(expected);
                // exactly the injected failure, and the restart restored a checkpoint
                assertThat(failures(job, 1, 1, "injected failure after a completed checkpoint").restoredCheckpoints())
                        .as("restores from a checkpoint").isEqualTo(1);
            }
        }
    }

    @Test
    void taskManagerFailureMidStreamEmitsEveryMessageExactlyOnce() throws Exception {
        String station = "failure.taskmanager";
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 2);
            List<String> expected = publishBatch(nc, station, "a");
            try (Running job = start(station, "tm-group", v -> v)) {
                TestStations.await(Duration.ofSeconds(60), "first batch", () -> job.received.size() >= expected.size());
                expected.addAll(publishBatch(nc, station, "b"));
                FLINK.triggerTaskManagerFailover(job.job, () -> {});
                expected.addAll(publishBatch(nc, station, "c"));
                TestStations.await(Duration.ofSeconds(90), "all messages after the failover",
                        () -> job.received.size() >= expected.size());
                awaitAllAcked(nc, station, 2, "tm-group", 3L * PER_BATCH);
                assertThat(job.received).containsExactlyInAnyOrderElementsOf(expected);
                // the TaskManager loss failed the job over (and nothing else did)
                failures(job, 1, 1, TASK_MANAGER_LOST);
            }
        }
    }

    @Test
    void natsServerRestartMidStreamLosesNothing() throws Exception {
        String station = "failure.broker";
        List<String> expected;
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 2);
            expected = publishBatch(nc, station, "a");
        }
        try (Running job = start(station, "broker-group", v -> v)) {
            TestStations.await(Duration.ofSeconds(60), "first batch", () -> job.received.size() >= expected.size());
            long pid = NATS.server().pid();
            NATS.restart();
            assertThat(NATS.server().pid()).as("a new nats-server process").isNotEqualTo(pid).isPositive();
            try (Connection nc = TestStations.connect(NATS)) {
                expected.addAll(publishBatch(nc, station, "b"));
                TestStations.await(Duration.ofSeconds(90), "all messages after the broker restart",
                        () -> job.received.size() >= expected.size());
                awaitAllAcked(nc, station, 2, "broker-group", 2L * PER_BATCH);
                assertThat(job.received).containsExactlyInAnyOrderElementsOf(expected);
                // the source rode the restart out: no Flink failover
                failures(job, 0, 0);
            }
        }
    }
}
