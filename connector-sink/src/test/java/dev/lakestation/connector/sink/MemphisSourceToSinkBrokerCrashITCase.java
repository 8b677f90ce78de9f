package dev.lakestation.connector.sink;

import static dev.lakestation.connector.sink.testutils.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.sink.serializer.MemphisSinkRecord;
import dev.lakestation.connector.sink.testutils.TestOptions;
import dev.lakestation.connector.sink.testutils.TestStations;
import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.connector.sink.testutils.Throttle;
import dev.lakestation.connector.source.MemphisSource;
import dev.lakestation.connector.source.deserializer.MemphisDeserializers;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.ProduceOptions;
import dev.lakestation.memphis.Producer;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.testsupport.FlinkJobFailures;
import dev.lakestation.testsupport.NatsServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MemphisSource → MemphisSink EXACTLY_ONCE (write-ahead committer, and user message ids) while
 * nats-server is killed with SIGKILL twice mid-stream (restarted on the same port and store, possibly
 * with older consumer state) and a TaskManager dies in between: the output station holds every input
 * id exactly once. Write-ahead ids differ between two emissions of one input, so a second emission by
 * the source would show here as a duplicate.
 */
class MemphisSourceToSinkBrokerCrashITCase {
    private static final int IN_PARTITIONS = 3;
    private static final int PER_PARTITION = 2_000;
    private static final int TOTAL = IN_PARTITIONS * PER_PARTITION;
    private static final int OUT_PARTITIONS = 2;

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(2).setNumberSlotsPerTaskManager(2).build());

    /** MiniCluster keeps terminated TaskManagers in its list: the oldest live one has the index of those killed. */
    private static final AtomicInteger KILLED_TMS = new AtomicInteger();

    private static TestStations stations;

    @BeforeAll
    static void connect() throws Exception {
        stations = new TestStations(NATS.natsUrl());
    }

    @AfterAll
    static void close() throws Exception {
        stations.close();
    }

    @Test
    void writeAheadExactlyOnceSurvivesTwoSigkillsAndATaskManagerLoss(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        run(cluster, "crash-e2e.in-wa", "crash-e2e.out-wa", false);
    }

    @Test
    void messageIdExactlyOnceSurvivesTwoSigkillsAndATaskManagerLoss(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        run(cluster, "crash-e2e.in-ids", "crash-e2e.out-ids", true);
    }

    private void run(MiniCluster cluster, String in, String out, boolean ids) throws Exception {
        try (Memphis memphis = Memphis.connect(TestOptions.of(NATS))) {
            memphis.createStation(StationOptions.builder(in).partitions(IN_PARTITIONS).build());
            memphis.createStation(StationOptions.builder(out).partitions(OUT_PARTITIONS).build());
            try (Producer producer = memphis.producer(in, "crash-input")) {
                for (int p = 1; p <= IN_PARTITIONS; p++) {
                    for (int i = 0; i < PER_PARTITION; i++) {
                        producer.produceAsync("p" + p + "-" + i, ProduceOptions.partition(p));
                    }
                }
                producer.flush();
            }
        }
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(300));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(4);
        env.enableCheckpointing(200);
        MemphisSource<String> source = MemphisSource.<String>builder()
                .setOptions(TestOptions.of(NATS).toBuilder().reconnectInterval(Duration.ofMillis(100)).build())
                .setStations(in)
                .setConsumerGroup("crash-e2e")
                .setMaxAckTime(Duration.ofSeconds(5))
                .setDeserializer(MemphisDeserializers.string())
                .setUnbounded()
                .build();
        MemphisSinkBuilder<String> sink = MemphisSink.<String>builder()
                // PubAcks lost in a crash are waited for this long before the sink retries (default 15 s)
                .setOptions(TestOptions.of(NATS).toBuilder().publishAckTimeout(Duration.ofSeconds(3)).build())
                .setStation(out)
                .setSerializer(s -> MemphisSinkRecord.builder(s.getBytes(StandardCharsets.UTF_8)).build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE);
        if (ids) {
            sink.setMessageIdExtractor(s -> "id-" + s);
        }
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "memphis-in")
                .map(new Throttle<>(2_000)).name("throttle")
                .sinkTo(sink.build());
        JobClient job = env.executeAsync("source → sink under broker crashes " + (ids ? "ids" : "write-ahead"));
        JobID jobId = job.getJobID();
        int killsBefore = NATS.server().kills();
        try {
            await(Duration.ofSeconds(40), "25% in " + out, () -> outputCount(out) >= TOTAL / 4);
            long completedAtKill = completedCheckpoints(cluster, jobId);
            NATS.killAndRestart();
            await(Duration.ofSeconds(40), "45% in " + out, () -> outputCount(out) >= TOTAL * 45 / 100);
            // the TaskManager loss must restore from a checkpoint taken after the broker came back: wait for one
            // (the sink can hold checkpoints back for seconds after a broker kill, while lost PubAcks time out)
            await(Duration.ofSeconds(60), "a checkpoint completed after the broker restart",
                    () -> completedCheckpoints(cluster, jobId) > completedAtKill);
            cluster.terminateTaskManager(KILLED_TMS.getAndIncrement()).get(30, TimeUnit.SECONDS);
            cluster.startTaskManager();
            await(Duration.ofSeconds(40), "65% in " + out, () -> outputCount(out) >= TOTAL * 65 / 100);
            NATS.killAndRestart();
            await(Duration.ofSeconds(50), TOTAL + " records in " + out, () -> outputCount(out) >= TOTAL);
            assertThat(NATS.server().kills() - killsBefore).as("SIGKILLs").isEqualTo(2);
            assertThat(cluster.getExecutionGraphInfo(jobId).get(10, TimeUnit.SECONDS).getArchivedExecutionGraph()
                    .getCheckpointStatsSnapshot().getCounts().getNumberOfRestoredCheckpoints())
                    .as("the TaskManager loss restored the job from a checkpoint").isGreaterThanOrEqualTo(1);
            // the history: source → sink is chained without a shuffle, so each subtask is its own failover region
            // and the TaskManager loss fails over the 2 subtasks it ran, once each; the SIGKILLs may add failovers
            // (a sink whose publishes outlive their retries fails its task), all within the restart budget
            FlinkJobFailures f = FlinkJobFailures.assertFailures(cluster.getRestAddress().get(10, TimeUnit.SECONDS)
                    .toString(), jobId.toHexString(), 2, 20);
            assertThat(f.failures().stream().filter(x -> x.mentions("The TaskExecutor is shutting down"))
                    .map(FlinkJobFailures.Failure::taskName).distinct().count())
                    .as("subtasks failed over by the TaskManager loss: " + f).isEqualTo(2);
            assertThat(f.failures().stream().filter(x -> x.mentions("The TaskExecutor is shutting down")).count())
                    .as("failovers caused by the TaskManager loss: " + f).isEqualTo(2);
            System.out.println("source → sink under broker crashes (" + (ids ? "ids" : "write-ahead") + "): " + f);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        List<Stored> stored = stations.readAll(out, OUT_PARTITIONS);
        Map<String, Long> counts = stored.stream().collect(Collectors.groupingBy(Stored::payload, Collectors.counting()));
        Set<String> duplicated = new TreeSet<>();
        counts.forEach((k, v) -> {
            if (v > 1) {
                duplicated.add(k + "×" + v);
            }
        });
        assertThat(duplicated).as("ids stored more than once").isEmpty();
        Set<String> expected = new TreeSet<>();
        for (int p = 1; p <= IN_PARTITIONS; p++) {
            for (int i = 0; i < PER_PARTITION; i++) {
                expected.add("p" + p + "-" + i);
            }
        }
        assertThat(counts.keySet()).as("ids in the output").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(stored).hasSize(TOTAL);
        if (ids) {
            assertThat(stored).allSatisfy(s -> assertThat(s.messageId()).isEqualTo("id-" + s.payload()));
        }
    }

    private static long outputCount(String station) {
        try {
            return stations.countAll(station, OUT_PARTITIONS);
        } catch (Exception e) {
            return -1; // broker down
        }
    }

    /** Checkpoints the job completed so far; -1 while its execution graph cannot be read. */
    private static long completedCheckpoints(MiniCluster cluster, JobID jobId) {
        try {
            return cluster.getExecutionGraphInfo(jobId).get(10, TimeUnit.SECONDS).getArchivedExecutionGraph()
                    .getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
        } catch (Exception e) {
            return -1;
        }
    }
}
