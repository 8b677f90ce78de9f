package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.area.AreaFixtures;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.jobs.runner.RunningJob;
import dev.lakestation.schema.project.ProjectLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flink job of one table on a MiniCluster: a DSV file → Parquet read back with parquet-avro, the router's
 * metrics as a reporter receives them.
 */
class TableLoadJobITCase {

    @TempDir
    Path root;

    @Test
    void loadsADsvFileIntoParquet() throws Exception {
        AreaFixtures.dsvTable(root, "sales", "orders", "{name: customer_id, type: int, required: true}",
                "{name: amount, type: int}");
        Path csv = AreaFixtures.write(root, "datasets/ingesting/sales/orders.csv", "customer_id,amount\n1,10\n2,20\nx,30\n1,40\n");
        var project = ProjectLoader.load(root, null).orThrow();
        Path staging = root.resolve("staging");
        Path rejected = root.resolve("rejected");
        InMemoryReporter metrics = InMemoryReporter.createWithRetainedMetrics();
        try (LocalFlinkRunner flink = LocalFlinkRunner.start(2, metrics.addToConfiguration(new Configuration()))) {
            var env = flink.environment();
            TableLoadJob.build(env, new TableLoadJob.Spec(ProjectRef.of(project, Map.of()), "sales", "orders",
                    List.of(new org.apache.flink.core.fs.Path(csv.toUri())),
                    new org.apache.flink.core.fs.Path(staging.toUri()),
                    new org.apache.flink.core.fs.Path(rejected.toUri()), "run1", Instant.now(), 2,
                    LoadSplits.DEFAULT_SPLIT_SIZE, -1));
            RunningJob job = flink.submit(env, "load sales.orders");
            Map<String, Object> acc = job.await(Duration.ofMinutes(2)).orElseThrow();
            assertThat(acc).containsEntry(LoadRouter.ACCEPTED, 3L).containsEntry(LoadRouter.REJECTED, 1L);
            assertThat(TableMetrics.counters(metrics, "sales.orders")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    LoadRouter.ROWS_IN, 4L, LoadRouter.ROWS_ACCEPTED, 3L, LoadRouter.ROWS_REJECTED, 1L,
                    LoadRouter.ROWS_FILTERED, 0L));
            assertThat(TableMetrics.gauges(metrics, "sales.orders", LoadRouter.LAST_COMMIT_LAG))
                    .as("a file load has no message times").isEmpty();
        }
        List<GenericRecord> rows = read(staging);
        assertThat(rows).extracting(r -> r.get("customer_id") + ":" + r.get("amount"))
                .containsExactlyInAnyOrder("1:10", "2:20", "1:40");
        List<GenericRecord> bad = read(rejected);
        assertThat(bad).hasSize(1);
        assertThat(bad.get(0).get("error").toString()).contains("`customer_id` (int) doesn't match pattern");
        assertThat(bad.get(0).get("line")).isEqualTo(4L);
    }

    static List<GenericRecord> read(Path dir) throws IOException {
        return Parquet.readAll(dir);
    }
}
