package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.runner.TestClusterRunner;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.testsupport.FlinkJobFailures;
import dev.lakestation.testsupport.NatsServerExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A continuous station load (3 partitions, parallelism 2, checkpoints every 200 ms) through failures mid-stream:
 * the TaskManager killed after a committed checkpoint while messages are in flight, and nats-server killed with
 * SIGKILL and restarted on its store. Afterwards every accepted message is in the table exactly once (count by
 * id = 1), every rejected one is one rejected row and one dead letter, every message is acked; the failure is
 * asserted from the execution graph (task attempts), the job's exception history (exactly the TaskManager loss;
 * no failover for the broker crash) and the server's kill count.
 */
class StationLoadFailureITCase {

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int PER_PARTITION = 600;

    @TempDir
    Path root;

    private StationFixtures f;

    @BeforeEach
    void setUp() throws Exception {
        f = new StationFixtures(NATS, root);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void taskManagerKilledMidStreamLosesAndDuplicatesNothing(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String station = "orders-tm-kill";
        Run run = start(station);
        try {
            produceHalf(station, 0);
            awaitFirstCommit(run.running);
            // the second half is produced while the TaskManager goes: rows in open files, messages not acked
            CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produceHalf(station, PER_PARTITION / 2));
            JobID job = runningJob(cluster);
            cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
            cluster.startTaskManager();
            producing.get(60, TimeUnit.SECONDS);
            awaitEverything(station, run.running);
            assertThat(maxAttempt(cluster, job)).as("tasks restarted after the TaskManager loss").isGreaterThan(0);
            // the TaskManager loss is the job's only failure: it ran both subtasks, and each (source → validate →
            // writers, no shuffle) is its own failover region, so two failovers, each restored from a checkpoint
            FlinkJobFailures failures = FlinkJobFailures.assertFailures(restUrl(cluster), job.toHexString(), 2, 2,
                    "The TaskExecutor is shutting down");
            assertThat(failures.failures().stream().map(FlinkJobFailures.Failure::taskName).distinct())
                    .as("subtasks failed over").hasSize(2);
            assertThat(failures.restoredCheckpoints()).as("restores from a checkpoint").isEqualTo(2);
        } finally {
            run.service.stop();
        }
        assertExactlyOnce(station, run.running.get(60, TimeUnit.SECONDS));
    }

    @Test
    void natsServerSigkilledMidStreamLosesAndDuplicatesNothing(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String station = "orders-broker-kill";
        int killsBefore = NATS.server().kills();
        Run run = start(station);
        try {
            produceHalf(station, 0);
            awaitFirstCommit(run.running);
            JobID job = runningJob(cluster);
            NATS.killAndRestart();
            produceHalf(station, PER_PARTITION / 2);
            awaitEverything(station, run.running);
            assertThat(NATS.server().kills()).isEqualTo(killsBefore + 1);
            // the source rides the broker crash out: no failover of the load job
            FlinkJobFailures.assertFailures(restUrl(cluster), job.toHexString(), 0, 0);
        } finally {
            run.service.stop();
        }
        assertExactlyOnce(station, run.running.get(60, TimeUnit.SECONDS));
    }

    // ------------------------------------------------------------------ helpers

    private record Run(LoadService service, CompletableFuture<List<TableLoadReport>> running) {
    }

    private Run start(String station) throws Exception {
        // a short ack wait: messages delivered to the lost incarnation come again after it, not after 60 s
        f.jsonTable("orders", station, ", memphis.source.max-ack-time: \"3 s\"");
        f.memphis.createStation(StationOptions.builder(station).partitions(3).build());
        LoadService service = new LoadService(f.project(), new TestClusterRunner(2), Clock.systemUTC());
        return new Run(service, CompletableFuture.supplyAsync(
                () -> service.load(f.request(false, 200), LoadListener.NONE)));
    }

    /** Ids of partition p: p * 100000 + i; every 100th is bad. */
    private static int id(int p, int i) {
        return p * 100_000 + i;
    }

    private static Set<Integer> bad(int p) {
        Set<Integer> out = new HashSet<>();
        for (int i = 100; i <= PER_PARTITION; i += 100) {
            out.add(id(p, i));
        }
        return out;
    }

    private void produceHalf(String station, int offset) {
        for (int p = 1; p <= 3; p++) {
            f.produce(station, p, StationFixtures.json(id(p, offset + 1), id(p, offset + PER_PARTITION / 2), bad(p)));
        }
    }

    /** A checkpoint completed and its files are in the table. */
    private void awaitFirstCommit(CompletableFuture<?> running) {
        StationFixtures.await("a first committed checkpoint", () -> f.rows("orders") > 0, running);
    }

    private void awaitEverything(String station, CompletableFuture<?> running) {
        int accepted = 3 * (PER_PARTITION - PER_PARTITION / 100);
        StationFixtures.await("every message in the table and acked", () -> f.rows("orders") >= accepted
                && f.allAcked(station, 3, "lakestation.shop.orders", PER_PARTITION), running);
    }

    private void assertExactlyOnce(String station, List<TableLoadReport> reports) throws Exception {
        int accepted = 3 * (PER_PARTITION - PER_PARTITION / 100);
        int rejected = 3 * (PER_PARTITION / 100);
        Map<Long, Long> byId = f.tableRows("orders").stream()
                .collect(Collectors.groupingBy(g -> (Long) g.get("id"), Collectors.counting()));
        assertThat(byId).hasSize(accepted);
        assertThat(byId.values()).as("count by id").containsOnly(1L);
        List<GenericRecord> rej = f.rejectedRows();
        assertThat(rej).hasSize(rejected);
        assertThat(rej.stream().map(g -> g.get("partition") + "@" + g.get("sequence")).distinct()).hasSize(rejected);
        assertThat(f.dlsCount(station)).isEqualTo(rejected);
        for (int p = 1; p <= 3; p++) {
            f.assertAllAcked(station, p, "lakestation.shop.orders", PER_PARTITION);
        }
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.status()).as(r.message()).isEqualTo(TableLoadReport.Status.LOADED);
            assertThat(r.accepted()).isEqualTo(accepted);
        });
    }

    private static JobID runningJob(MiniCluster cluster) throws Exception {
        return cluster.listJobs().get().stream().filter(j -> j.getJobState() == JobStatus.RUNNING)
                .map(j -> j.getJobId()).findFirst().orElseThrow();
    }

    private static String restUrl(MiniCluster cluster) throws Exception {
        return cluster.getRestAddress().get(10, TimeUnit.SECONDS).toString();
    }

    private static int maxAttempt(MiniCluster cluster, JobID job) throws Exception {
        int max = 0;
        for (AccessExecutionVertex v : cluster.getExecutionGraph(job).get().getAllExecutionVertices()) {
            max = Math.max(max, v.getCurrentExecutionAttempt().getAttemptNumber());
        }
        return max;
    }
}
