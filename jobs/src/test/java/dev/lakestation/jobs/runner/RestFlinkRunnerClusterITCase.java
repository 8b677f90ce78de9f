package dev.lakestation.jobs.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.jobs.audit.DatasetEvent;
import dev.lakestation.jobs.audit.DatasetEvents;
import dev.lakestation.jobs.cli.LakestationCli;
import dev.lakestation.jobs.coordinator.Outcome;
import dev.lakestation.jobs.coordinator.RunContext;
import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.project.ProjectLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.load.Parquet;
import dev.lakestation.testsupport.Await;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.ApplicationState;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load and a transform of a small Starlake project submitted over REST — the coordinator's path
 * ({@link ClusterJobRunner} on {@link RestFlinkRunner}) and {@code lakestation transform --flink URL} — to a real
 * standalone Flink session cluster — a JobManager and TaskManagers as separate JVMs ({@link StandaloneFlinkCluster})
 * running {@code target/lakestation-jobs.jar}, the jar {@code package} builds (this IT runs in
 * {@code integration-test}, see the jobs pom). The TaskManager running the load is killed with SIGKILL mid-job; the
 * other TaskManager takes over, the job restarts (fixed-delay strategy) and the table holds every row exactly once.
 * A resubmission of the same run key is refused by Flink and followed; a failing command reports its cause.
 */
class RestFlinkRunnerClusterITCase {

    private static final Path JOBS_JAR = Path.of("target/lakestation-jobs.jar");
    private static final int ROWS = 600_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure leaves the cluster's logs
    Path tmp;

    @Test
    void loadAndTransformOnAStandaloneClusterSurviveATaskManagerKill() throws Exception {
        assertThat(JOBS_JAR).as("built by `mvn -pl jobs package` before this IT").isRegularFile();
        Path root = tmp.resolve("project");
        long[] quantityByProduct = writeProject(root);
        Project project = ProjectLoader.load(root, null, Map.of()).orThrow();

        try (StandaloneFlinkCluster flink = StandaloneFlinkCluster.start(tmp.resolve("flink"), 1);
                RestFlinkRunner rest = RestFlinkRunner.connect(flink.restUrl(), JOBS_JAR)) {
            // two TaskManagers of one slot: the load's job runs on one, the other takes over when it is killed
            flink.startTaskManager();
            flink.startTaskManager();
            List<String> log = new CopyOnWriteArrayList<>();
            // the coordinator's path: stage and preload would run here, loads and transforms on the cluster
            ClusterJobRunner runner = new ClusterJobRunner(project, rest, null, 1, Map.of(), log::add);
            List<String> loadJobs = new CopyOnWriteArrayList<>(); // what the coordinator records on the run
            RunContext loadRun = new RunContext("starbake.order_lines@20240301T0000", "starbake.order_lines", 1,
                    "20240301T0000", Instant.now().plus(Duration.ofMinutes(3)), loadJobs::add);

            // 1. the load, its TaskManager killed while the job runs
            CompletableFuture<Outcome> load = CompletableFuture.supplyAsync(
                    () -> runner.runLoad(loadRun, "starbake", "order_lines"));
            ClusterApplication loadApp = rest.application(ClusterJobRunner.key(loadRun, "load",
                    "starbake.order_lines"));
            JobID job = awaitRunningJob(flink, loadApp, load);
            StandaloneFlinkCluster.kill(flink.taskManagerRunning(job).orElseThrow());
            Outcome loaded = load.get(3, TimeUnit.MINUTES);
            assertThat(loaded).as(loaded + "\n" + flink.logs()).isInstanceOf(Outcome.Succeeded.class);
            assertThat(get(flink.restUrl(), "/jobs/" + job + "/exceptions").path("exceptionHistory")
                    .path("entries").size()).as("the job failed over once at least (TaskManager lost)")
                    .isGreaterThanOrEqualTo(1);
            assertThat(loadJobs).as("the job id reported for the run is the cluster's job (restarted, same id)")
                    .containsExactly(job.toHexString());
            List<DatasetEvent> loadEvents = ((Outcome.Succeeded) loaded).events();
            assertThat(loadEvents).singleElement().satisfies(e -> {
                assertThat(e.dataset()).isEqualTo("starbake.order_lines");
                assertThat(e.runId()).isEqualTo(loadRun.runId());
                assertThat(e.slSchedule()).isEqualTo("20240301T0000");
                assertThat(e.rowsAccepted()).isEqualTo(ROWS);
            });
            List<GenericRecord> lines = Parquet.readAll(root.resolve("datasets/warehouse/starbake/order_lines"));
            assertThat(lines).hasSize(ROWS);
            assertThat(lines.stream().mapToLong(r -> ((Number) r.get("order_id")).longValue()).distinct().count())
                    .as("every row exactly once").isEqualTo(ROWS);

            // 2. the same step again (a coordinator restarted after submitting): Flink refuses the duplicate
            //    application id, the runner follows the finished application; nothing is loaded twice
            Outcome again = runner.runLoad(loadRun, "starbake", "order_lines");
            assertThat(again).isEqualTo(loaded);
            assertThat(log).anyMatch(l -> l.contains("already on the cluster, following application " + loadApp.id()));
            assertThat(Parquet.readAll(root.resolve("datasets/warehouse/starbake/order_lines"))).hasSize(ROWS);
            assertThat(loadJobs).containsOnly(job.toHexString());

            // 3. a transform on the cluster, reading the loaded table
            List<String> transformJobs = new CopyOnWriteArrayList<>();
            RunContext transformRun = new RunContext("cluster.quantity_by_product@20240301T0000",
                    "cluster.quantity_by_product", 1, "20240301T0000", null, transformJobs::add);
            Outcome transformed = runner.runTransform(transformRun, "cluster.quantity_by_product");
            assertThat(transformed).as(transformed + "\n" + flink.logs()).isInstanceOf(Outcome.Succeeded.class);
            assertThat(((Outcome.Succeeded) transformed).events()).extracting(DatasetEvent::dataset)
                    .containsExactly("cluster.quantity_by_product");
            List<JobID> transformAppJobs = rest.application(ClusterJobRunner.key(transformRun, "transform",
                    "cluster.quantity_by_product")).jobs();
            assertThat(transformAppJobs).as("the transform's SQL ran as a job of the cluster, not in a local environment")
                    .hasSize(1);
            assertThat(transformJobs).containsExactly(transformAppJobs.get(0).toHexString());
            Map<Long, Long> byProduct = new HashMap<>();
            for (GenericRecord r : Parquet.readAll(root.resolve("datasets/warehouse/cluster/quantity_by_product"))) {
                byProduct.put(((Number) r.get("product_id")).longValue(), ((Number) r.get("quantity")).longValue());
            }
            for (int p = 1; p < quantityByProduct.length; p++) {
                assertThat(byProduct.get((long) p)).as("quantity of product " + p).isEqualTo(quantityByProduct[p]);
            }
            assertThat(byProduct).hasSize(quantityByProduct.length - 1);

            // 4. the dataset events file on the shared path: one per committed dataset, none twice
            List<DatasetEvent> events = new FileDatasetEvents(root.resolve("datasets")).readAfter(0, 100).stream()
                    .map(DatasetEvents.Positioned::event).toList();
            assertThat(events).extracting(DatasetEvent::dataset)
                    .containsExactly("starbake.order_lines", "cluster.quantity_by_product");

            // 5. the command line: `transform --flink URL` of an unknown task fails with the cause in a line
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), "transform", "--flink",
                    flink.restUrl().toString(), "--root", root.toString(), "--name", "cluster.nope");
            assertThat(exit).as(out + "\n" + err).isEqualTo(LakestationCli.EXIT_FAILURE);
            assertThat(err.toString().strip()).startsWith("transform: FAILED on the cluster — ")
                    .contains("unknown task 'cluster.nope'").doesNotContain("\n");

            // 6. the run timeout: past the deadline the application is cancelled, the step timed out
            RunContext late = new RunContext("cluster.quantity_by_product@20240302T0000",
                    "cluster.quantity_by_product", 1, "20240302T0000", Instant.now());
            Outcome timedOut = runner.runTransform(late, "cluster.quantity_by_product");
            assertThat(timedOut).isInstanceOf(Outcome.TimedOut.class);
            assertThat(rest.application(ClusterJobRunner.key(late, "transform", "cluster.quantity_by_product"))
                    .state()).isEqualTo(ApplicationState.CANCELED);
        }
    }

    /** Waits for the application's Flink job to have a running task; returns the job's id. */
    private static JobID awaitRunningJob(StandaloneFlinkCluster flink, ClusterApplication app,
            CompletableFuture<Outcome> step) {
        JobID[] job = new JobID[1];
        Await.until(Duration.ofSeconds(120), "a running task of the load job", () -> {
            assertThat(step).as("the step ended before its job ran").isNotDone();
            List<JobID> jobs;
            try {
                jobs = app.jobs();
            } catch (IOException e) {
                return false; // not submitted yet (404)
            }
            if (jobs.isEmpty()) {
                return false;
            }
            job[0] = jobs.get(0);
            JsonNode details = get(flink.restUrl(), "/jobs/" + job[0]);
            assertThat(details.path("state").asText()).isNotIn("FINISHED", "FAILED", "CANCELED");
            return flink.taskManagerRunning(job[0]).isPresent();
        });
        return job[0];
    }

    private static JsonNode get(URI rest, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(rest.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /**
     * The starbake example's metadata, a transform task of our own, and a staged order-lines file of {@link #ROWS}
     * rows; returns the expected quantity per product (index = product id).
     */
    private static long[] writeProject(Path root) throws IOException {
        copyTree(Path.of("../examples/starbake/metadata"), root.resolve("metadata"));
        Path task = root.resolve("metadata/transform/cluster");
        Files.createDirectories(task);
        Files.writeString(task.resolve("_config.sl.yml"), """
                version: 1
                transform:
                  default:
                    writeStrategy:
                      type: OVERWRITE
                """);
        Files.writeString(task.resolve("quantity_by_product.sql"), """
                SELECT product_id, SUM(quantity) AS quantity
                FROM starbake.order_lines
                GROUP BY product_id
                """);
        Path stage = root.resolve("datasets/stage/starbake");
        Files.createDirectories(stage);
        long[] quantity = new long[13];
        try (BufferedWriter w = Files.newBufferedWriter(stage.resolve("order-lines_202403011415.csv"),
                StandardCharsets.UTF_8)) {
            w.write("\"order_id\";\"product_id\";\"quantity\";\"sale_price\"\n");
            for (int i = 1; i <= ROWS; i++) {
                int product = 1 + i % 12;
                int q = 1 + i % 5;
                quantity[product] += q;
                w.write(i + ";" + product + ";" + q + ";" + (product + 0.5) + "\n");
            }
        }
        return quantity;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
