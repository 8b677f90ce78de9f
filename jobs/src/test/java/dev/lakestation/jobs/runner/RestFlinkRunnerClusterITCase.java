package dev.lakestation.jobs.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.jobs.audit.DatasetEvent;
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
 * A load and a transform of a small Starlake project submitted over REST ({@link RestFlinkRunner}) to a real
 * standalone Flink session cluster — a JobManager and TaskManagers as separate JVMs ({@link StandaloneFlinkCluster})
 * running {@code target/lakestation-jobs.jar}, the jar {@code package} builds (this IT runs in
 * {@code integration-test}, see the jobs pom). The TaskManager running the load is killed with SIGKILL mid-job; a
 * new TaskManager takes over, the job restarts (fixed-delay strategy) and the table holds every row exactly once.
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

        try (StandaloneFlinkCluster flink = StandaloneFlinkCluster.start(tmp.resolve("flink"), 1);
                RestFlinkRunner runner = RestFlinkRunner.connect(flink.restUrl(), JOBS_JAR)) {
            Process firstTaskManager = flink.startTaskManager();

            // 1. the load, its TaskManager killed while the job runs
            ClusterApplication load = runner.submit("starbake.order_lines@it|load|1", List.of("load", "--root",
                    root.toString(), "--domains", "starbake", "--tables", "order_lines", "--parallelism", "1"), 1);
            JobID job = awaitRunningJob(flink, load);
            StandaloneFlinkCluster.kill(firstTaskManager);
            flink.startTaskManager();
            ClusterApplication.Result loaded = load.await(Duration.ofSeconds(120));
            assertThat(loaded.succeeded()).as(loaded.message() + "\n" + flink.logs()).isTrue();
            assertThat(get(flink.restUrl(), "/jobs/" + job + "/exceptions").path("exceptionHistory")
                    .path("entries").size()).as("the job failed over once at least (TaskManager lost)")
                    .isGreaterThanOrEqualTo(1);

            List<GenericRecord> lines = Parquet.readAll(root.resolve("datasets/warehouse/starbake/order_lines"));
            assertThat(lines).hasSize(ROWS);
            assertThat(lines.stream().mapToLong(r -> ((Number) r.get("order_id")).longValue()).distinct().count())
                    .as("every row exactly once").isEqualTo(ROWS);

            // 2. the same run key again: Flink refuses it, the runner follows the finished application
            ClusterApplication again = runner.submit("starbake.order_lines@it|load|1", List.of("load", "--root",
                    root.toString(), "--domains", "starbake", "--tables", "order_lines"), 1);
            assertThat(again.resubmitted()).isTrue();
            assertThat(again.id()).isEqualTo(load.id());
            assertThat(again.await(Duration.ofSeconds(30)).succeeded()).isTrue();

            // 3. a transform on the cluster, reading the loaded table
            ClusterApplication transform = runner.submit("cluster.quantity_by_product@it|transform|1",
                    List.of("transform", "--root", root.toString(), "--name", "cluster.quantity_by_product",
                            "--parallelism", "1"), 1);
            ClusterApplication.Result transformed = transform.await(Duration.ofSeconds(120));
            assertThat(transformed.succeeded()).as(transformed.message() + "\n" + flink.logs()).isTrue();
            Map<Long, Long> byProduct = new HashMap<>();
            for (GenericRecord r : Parquet.readAll(root.resolve("datasets/warehouse/cluster/quantity_by_product"))) {
                byProduct.put(((Number) r.get("product_id")).longValue(), ((Number) r.get("quantity")).longValue());
            }
            for (int p = 1; p < quantityByProduct.length; p++) {
                assertThat(byProduct.get((long) p)).as("quantity of product " + p).isEqualTo(quantityByProduct[p]);
            }
            assertThat(byProduct).hasSize(quantityByProduct.length - 1);

            // 4. the dataset events the commands published, on the shared path
            List<DatasetEvent> events = new FileDatasetEvents(root.resolve("datasets")).readAfter(0, 100).stream()
                    .map(FileDatasetEvents.Positioned::event).toList();
            assertThat(events).extracting(DatasetEvent::dataset)
                    .containsExactly("starbake.order_lines", "cluster.quantity_by_product");
            assertThat(events.get(0).rowsAccepted()).isEqualTo(ROWS);

            // 5. a failing command: the cause in a line
            ClusterApplication bad = runner.submit("cluster.nope@it|transform|1", List.of("transform", "--root",
                    root.toString(), "--name", "cluster.nope"), 1);
            ClusterApplication.Result failed = bad.await(Duration.ofSeconds(60));
            assertThat(failed.state()).isEqualTo(ApplicationState.FAILED);
            assertThat(failed.message()).contains("cluster.nope").doesNotContain("\n");
        }
    }

    /** Waits for the application's Flink job to have a running task; returns the job's id. */
    private static JobID awaitRunningJob(StandaloneFlinkCluster flink, ClusterApplication app) {
        JobID[] job = new JobID[1];
        Await.until(Duration.ofSeconds(60), "a running task of the load job", () -> {
            List<JobID> jobs = app.jobs();
            if (jobs.isEmpty()) {
                assertThat(app.state().isTerminalState()).as("application ended before its job ran: "
                        + app.state()).isFalse();
                return false;
            }
            job[0] = jobs.get(0);
            JsonNode details = get(flink.restUrl(), "/jobs/" + job[0]);
            assertThat(details.path("state").asText()).isNotIn("FINISHED", "FAILED", "CANCELED");
            for (JsonNode v : details.path("vertices")) {
                if (v.path("status").asText().equals("RUNNING")) {
                    return true;
                }
            }
            return false;
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
