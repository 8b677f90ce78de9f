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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.connector.testframe.environment.MiniClusterTestEnvironment;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded read that fails mid-stream and restarts from a checkpoint still emits every message up to
 * the stop bound exactly once before it finishes. The trap: after the restore the broker hands out the
 * not-yet-delivered messages (up to the stop sequence) at once, while the messages the failed
 * incarnation received after its last checkpoint come back only after the ack wait — a reader that
 * finished on seeing the stop sequence lost those.
 */
class MemphisSourceBoundedRestartITCase {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    private static final MiniClusterTestEnvironment FLINK = new MiniClusterTestEnvironment();
    private static final int MESSAGES = 3000;

    @BeforeAll
    static void startFlink() throws Exception {
        FLINK.startUp();
    }

    @AfterAll
    static void stopFlink() throws Exception {
        FLINK.tearDown();
    }

    @Test
    @Timeout(180)
    void boundedReadFailingAfterACheckpointEmitsEveryMessageExactlyOnceAndFinishes() throws Exception {
        String station = "bounded.restart";
        List<String> expected = TestStations.values("m", MESSAGES);
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, station, 1);
            TestStations.publish(nc, station, 1, expected);

            StreamExecutionEnvironment env = TestStations.restartingEnvironment(FLINK, 1, 3);
            MemphisSource<String> source = MemphisSource.<String>builder()
                    .setOptions(TestStations.options(NATS))
                    .setStations(station)
                    .setConsumerGroup("bounded-restart")
                    .setMaxAckTime(Duration.ofSeconds(2))
                    // small fetches keep the broker's deliveries close to what the job has processed,
                    // so the failure happens while most of the partition is still undelivered
                    .setConfig(MemphisSourceOptions.FETCH_BATCH_SIZE, 20)
                    .setDeserializer(MemphisDeserializers.string())
                    .setBounded()
                    .build();

            List<String> received = new ArrayList<>();
            CloseableIterator<String> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis")
                    .map(new SlowFailOnceAfterCheckpoint())
                    .collectAsync();
            JobClient job = env.executeAsync("bounded restart");
            try (it) {
                it.forEachRemaining(received::add);
            }
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

            assertThat(SlowFailOnceAfterCheckpoint.FAILED).isTrue();
            // the injected failure is the job's only one, and the restart restored a checkpoint
            assertThat(FlinkJobFailures.assertFailures(TestStations.restUrl(FLINK), job.getJobID().toHexString(), 1, 1,
                    "injected failure after a completed checkpoint").restoredCheckpoints())
                    .as("restores from a checkpoint").isEqualTo(1);
            assertThat(received).hasSize(MESSAGES).containsExactlyInAnyOrderElementsOf(expected);
            ConsumerInfo ci = TestStations.consumerInfo(nc, station, 1, "bounded-restart");
            assertThat(ci.getAckFloor().getStreamSequence()).isEqualTo(MESSAGES);
            assertThat(ci.getNumAckPending()).isZero();
        }
    }

    /**
     * Paces the job (workload shaping: ~0.2 ms per record, so checkpoints complete mid-read) and fails
     * once, 300 records after the first completed checkpoint.
     */
    static final class SlowFailOnceAfterCheckpoint implements MapFunction<String, String>, CheckpointListener {
        static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
        static final AtomicInteger AFTER_CHECKPOINT = new AtomicInteger();
        static final AtomicBoolean FAILED = new AtomicBoolean();

        @Override
        public String map(String value) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            if (CHECKPOINTED.get() && !FAILED.get() && AFTER_CHECKPOINT.incrementAndGet() == 300
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after a completed checkpoint");
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }
}
