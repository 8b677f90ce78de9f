package dev.lakestation.connector.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
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
 * Unbounded discovery: stations matching the pattern and partitions added to a read station while
 * the job runs are read, from their first message, exactly once.
 */
class MemphisSourceDiscoveryITCase {
    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String GROUP = "discovering";
    private static final int N = 100;

    private static ConsumerInfo consumerInfoOrNull(Connection nc, String station, int p) throws Exception {
        try {
            return TestStations.consumerInfo(nc, station, p, GROUP);
        } catch (JetStreamApiException notYet) {
            return null;
        }
    }

    /** Whether the group acked the partition up to {@code lastSeq}, with nothing left pending. */
    private static boolean acked(Connection nc, String station, int p, long lastSeq) throws Exception {
        ConsumerInfo ci = consumerInfoOrNull(nc, station, p);
        return ci != null && ci.getNumAckPending() == 0 && ci.getAckFloor().getStreamSequence() == lastSeq;
    }

    @Test
    void stationsAndPartitionsCreatedWhileRunningAreReadExactlyOnce() throws Exception {
        try (Connection nc = TestStations.connect(NATS)) {
            TestStations.createStation(nc, "grow.first", 1);
            TestStations.createStation(nc, "elsewhere", 1);
            // LATEST: the first station's old message is skipped, but a station or partition that
            // appears later must be read from its first message even if it was produced before discovery.
            TestStations.publish(nc, "grow.first", 1, List.of("before-start"));

            MemphisSource<String> source = MemphisSource.<String>builder()
                    .setOptions(TestStations.options(NATS))
                    .setStationPattern("grow\\..*")
                    .setConsumerGroup(GROUP)
                    .setStartingPosition(StartingPosition.latest())
                    .setPartitionDiscoveryInterval(Duration.ofMillis(200))
                    .setDeserializer(MemphisDeserializers.string())
                    .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            env.enableCheckpointing(100);
            List<String> received = new CopyOnWriteArrayList<>();
            CloseableIterator<String> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis")
                    .collectAsync();
            JobClient job = env.executeAsync("discovery test");
            Thread collector = new Thread(() -> {
                try {
                    while (it.hasNext()) {
                        received.add(it.next());
                    }
                } catch (Exception e) {
                    // iterator closed at the end of the test
                }
            }, "collect-reader");
            collector.setDaemon(true);
            collector.start();
            try {
                TestStations.await(Duration.ofSeconds(60), "the group on grow.first",
                        () -> consumerInfoOrNull(nc, "grow.first", 1) != null);
                List<String> first = TestStations.values("first", N);
                TestStations.publish(nc, "grow.first", 1, first);
                TestStations.await(Duration.ofSeconds(60), "records of grow.first",
                        () -> received.containsAll(first));

                // A second matching station (two partitions) appears, already holding messages,
                // plus one that does not match the pattern.
                TestStations.createStation(nc, "grow.second", 2);
                List<String> second = new ArrayList<>(TestStations.values("second-p1", N));
                second.addAll(TestStations.values("second-p2", N));
                TestStations.publish(nc, "grow.second", 1, second.subList(0, N));
                TestStations.publish(nc, "grow.second", 2, second.subList(N, 2 * N));
                TestStations.createStation(nc, "grown.not.matching", 1);
                TestStations.publish(nc, "grown.not.matching", 1, List.of("not-matching"));
                TestStations.await(Duration.ofSeconds(60), "records of grow.second",
                        () -> received.containsAll(second));

                // The first station grows a partition.
                TestStations.addPartition(nc, "grow.first", 2);
                List<String> grown = TestStations.values("first-p2", N);
                TestStations.publish(nc, "grow.first", 2, grown);
                TestStations.await(Duration.ofSeconds(60), "records of the new partition grow.first#2",
                        () -> received.containsAll(grown));

                // Once everything is acked nothing can be redelivered: the output is final.
                TestStations.await(Duration.ofSeconds(60), "every partition acked to its end",
                        () -> acked(nc, "grow.first", 1, N + 1) && acked(nc, "grow.first", 2, N)
                                && acked(nc, "grow.second", 1, N) && acked(nc, "grow.second", 2, N));
                List<String> expected = new ArrayList<>(first);
                expected.addAll(second);
                expected.addAll(grown);
                assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
                assertThat(consumerInfoOrNull(nc, "grown.not.matching", 1)).as("no group on a non-matching station")
                        .isNull();
            } finally {
                job.cancel().get();
                it.close();
            }
        }
    }
}
