package dev.lakestation.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.connector.sink.serializer.MemphisSinkRecord;
import dev.lakestation.connector.sink.testutils.FailoverRecords;
import dev.lakestation.connector.sink.testutils.TestOptions;
import dev.lakestation.connector.sink.testutils.TestStations;
import dev.lakestation.connector.sink.testutils.TestStations.Stored;
import dev.lakestation.testsupport.Await;
import dev.lakestation.testsupport.NatsServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.scheduler.ExecutionGraphInfo;
import org.apache.flink.runtime.scheduler.exceptionhistory.RootExceptionHistoryEntry;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real TaskManager of the MiniCluster dies mid-stream (after a checkpoint completed and records
 * are already stored); the job restarts its lost subtasks on a fresh TaskManager from the last
 * checkpoint. Read back from the broker: EXACTLY_ONCE stores every record exactly once (write-ahead
 * committer, and user message ids), AT_LEAST_ONCE loses nothing; every keyed record sits on the
 * partition the Memphis SDK hash gives.
 *
 * <p>The job runs at parallelism 4 on 2 TaskManagers × 2 slots, so every TaskManager runs sink
 * subtasks and killing any of them hits the sink.
 */
class MemphisSinkTaskManagerFailureITCase {
    private static final int RECORDS = 5_000;
    private static final int RECORDS_PER_SECOND = 1_000;
    private static final int PARTITIONS = 3;
    private static final FailoverRecords EXPECTED = new FailoverRecords(RECORDS, PARTITIONS);
    private static final int TASK_MANAGERS = 2;
    private static final int SLOTS_PER_TASK_MANAGER = 2;
    private static final int PARALLELISM = TASK_MANAGERS * SLOTS_PER_TASK_MANAGER;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(TASK_MANAGERS).setNumberSlotsPerTaskManager(SLOTS_PER_TASK_MANAGER).build());

    /**
     * MiniCluster keeps terminated TaskManagers in its list and appends started ones, so the oldest
     * live TaskManager has the index of the number killed so far (the cluster is shared by the cases).
     */
    private static final AtomicInteger KILLED = new AtomicInteger();

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
    void exactlyOnceWriteAheadSurvivesATaskManagerLoss(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String station = "tm-failure.exactly-once";
        runKillingATaskManager(cluster, station, DeliveryGuarantee.EXACTLY_ONCE, false);
        EXPECTED.assertExactlyOnce(stations.readAll(station, PARTITIONS));
    }

    @Test
    void exactlyOnceWithMessageIdsSurvivesATaskManagerLoss(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String station = "tm-failure.exactly-once-ids";
        runKillingATaskManager(cluster, station, DeliveryGuarantee.EXACTLY_ONCE, true);
        List<Stored> stored = stations.readAll(station, PARTITIONS);
        EXPECTED.assertExactlyOnce(stored);
        assertThat(stored).allSatisfy(s -> assertThat(s.messageId()).isEqualTo("id-" + s.payload()));
    }

    @Test
    void atLeastOnceLosesNothingWhenATaskManagerDies(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String station = "tm-failure.at-least-once";
        runKillingATaskManager(cluster, station, DeliveryGuarantee.AT_LEAST_ONCE, false);
        List<Stored> stored = stations.readAll(station, PARTITIONS);
        EXPECTED.assertAtLeastOnce(stored);
    }

    private void runKillingATaskManager(MiniCluster cluster, String station, DeliveryGuarantee guarantee,
            boolean userIds) throws Exception {
        stations.create(station, PARTITIONS);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);
        env.enableCheckpointing(200);

        // rate-limited so the job is still running when the TaskManager dies
        DataGeneratorSource<String> source = new DataGeneratorSource<>(
                FailoverRecords::payload, RECORDS, RateLimiterStrategy.perSecond(RECORDS_PER_SECOND), Types.STRING);
        MemphisSinkBuilder<String> sink = MemphisSink.<String>builder()
                .setOptions(TestOptions.of(NATS))
                .setStation(station)
                .setSerializer(s -> MemphisSinkRecord.builder(s.getBytes(StandardCharsets.UTF_8))
                        .partitionKey(FailoverRecords.keyOf(s)).header("origin", "tm-failure-test").build())
                .setDeliveryGuarantee(guarantee);
        if (userIds) {
            sink.setMessageIdExtractor(s -> "id-" + s);
        }
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "records").sinkTo(sink.build());
        JobClient job = env.executeAsync("task manager failure " + guarantee);
        JobID jobId = job.getJobID();

        Await.until(TIMEOUT, "a completed checkpoint and stored records",
                () -> completedCheckpoints(cluster, jobId) >= 1 && storedCount(station) > 0);
        Set<ResourceID> runningOn = taskManagersRunning(graph(cluster, jobId));
        assertThat(runningOn).as("every TaskManager runs sink subtasks").hasSize(TASK_MANAGERS);
        assertThat(graphInfo(cluster, jobId).getExceptionHistory()).as("no failure before the kill").isEmpty();
        assertThat(storedCount(station)).as("the kill happens mid-stream").isLessThan(RECORDS);

        cluster.terminateTaskManager(KILLED.getAndIncrement()).get(30, TimeUnit.SECONDS);
        cluster.startTaskManager(); // slots for the restarted subtasks
        assertThat(job.getJobStatus().get(30, TimeUnit.SECONDS)).as("job still alive after the kill")
                .isNotIn(JobStatus.FINISHED, JobStatus.FAILED);

        job.getJobExecutionResult().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertFailedOverFromACheckpoint(cluster, jobId, runningOn);
    }

    /**
     * The job's only failures are its subtasks on one of its TaskManagers shutting down (the kill), and
     * the lost subtasks were restored from a checkpoint: fails if the kill did not cause a failover.
     */
    private static void assertFailedOverFromACheckpoint(MiniCluster cluster, JobID jobId, Set<ResourceID> runningOn)
            throws Exception {
        ExecutionGraphInfo info = graphInfo(cluster, jobId);
        assertThat(info.getArchivedExecutionGraph().getState()).isEqualTo(JobStatus.FINISHED);
        List<RootExceptionHistoryEntry> failures = StreamSupport
                .stream(info.getExceptionHistory().spliterator(), false).toList();
        assertThat(failures).as("failures of the job").isNotEmpty().allSatisfy(f -> {
            assertThat(f.getException().getFullStringifiedStackTrace()).contains("The TaskExecutor is shutting down");
            assertThat(runningOn).contains(f.getTaskManagerLocation().getResourceID());
        });
        assertThat(failures.stream().map(f -> f.getTaskManagerLocation().getResourceID()).distinct())
                .as("TaskManagers lost").hasSize(1);
        assertThat(info.getArchivedExecutionGraph().getCheckpointStatsSnapshot().getCounts()
                .getNumberOfRestoredCheckpoints()).as("restores from a checkpoint").isGreaterThanOrEqualTo(1);
        assertThat(StreamSupport.stream(info.getArchivedExecutionGraph().getAllExecutionVertices().spliterator(), false)
                .filter(v -> v.getCurrentExecutionAttempt().getAttemptNumber() > 0).count())
                .as("subtasks restarted on another TaskManager").isGreaterThanOrEqualTo(SLOTS_PER_TASK_MANAGER);
    }

    private static Set<ResourceID> taskManagersRunning(AccessExecutionGraph graph) {
        return StreamSupport.stream(graph.getAllExecutionVertices().spliterator(), false)
                .map(v -> v.getCurrentAssignedResourceLocation().getResourceID())
                .collect(Collectors.toSet());
    }

    private static AccessExecutionGraph graph(MiniCluster cluster, JobID jobId) throws Exception {
        return cluster.getExecutionGraph(jobId).get(10, TimeUnit.SECONDS);
    }

    private static ExecutionGraphInfo graphInfo(MiniCluster cluster, JobID jobId) throws Exception {
        return cluster.getExecutionGraphInfo(jobId).get(10, TimeUnit.SECONDS);
    }

    private static long completedCheckpoints(MiniCluster cluster, JobID jobId) throws Exception {
        return graph(cluster, jobId).getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
    }

    private static long storedCount(String station) throws Exception {
        return stations.countAll(station, PARTITIONS);
    }




}
