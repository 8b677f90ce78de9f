package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.load.Parquet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakestation run} on the starbake example, as the README's demo runs it: the sample files land in the
 * incoming folder, then one command stages, loads and transforms everything in dependency order.
 */
class RunCommandITCase {

    @TempDir
    Path root;

    @Test
    void runsTheStarbakeExampleEndToEnd() throws Exception {
        copyTree(Path.of("../examples/starbake/metadata"), root.resolve("metadata"));
        copyTree(Path.of("../examples/starbake/sample-data"), root.resolve("datasets/incoming"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), "run", "--root", root.toString(),
                "--parallelism", "2");

        assertThat(exit).as(out + "\n" + err).isZero();
        Path warehouse = root.resolve("datasets/warehouse");
        assertThat(Parquet.readAll(warehouse.resolve("starbake/orders"))).hasSize(100);
        assertThat(Parquet.readAll(warehouse.resolve("starbake/order_lines"))).hasSize(100);
        assertThat(Parquet.readAll(warehouse.resolve("starbake/products"))).hasSize(12);
        assertThat(Parquet.readAll(warehouse.resolve("kpi/revenue_summary"))).isNotEmpty();
        assertThat(Parquet.readAll(warehouse.resolve("kpi/product_summary"))).isNotEmpty();
        assertThat(Parquet.readAll(warehouse.resolve("kpi/order_summary"))).isNotEmpty();
        assertThat(Parquet.readAll(warehouse.resolve("kpi/order_items_analysis"))).isNotEmpty();
        // one event per dataset written: 3 loads + 4 transforms, each stamped with the coordinator's run id
        var events = new FileDatasetEvents(root.resolve("datasets")).readAfter(0, 100);
        assertThat(events).extracting(e -> e.event().dataset()).containsExactlyInAnyOrder("starbake.order_lines",
                "starbake.orders", "starbake.products", "kpi.revenue_summary", "kpi.product_summary",
                "kpi.order_summary", "kpi.order_items_analysis");
        assertThat(events).allSatisfy(e -> assertThat(e.event().runId()).contains("@run-"));
        assertThat(out.toString()).contains("transform:kpi.order_summary").contains("SUCCEEDED");
        assertThat(root.resolve("datasets/incoming/starbake")).isEmptyDirectory();
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
