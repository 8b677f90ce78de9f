package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import dev.lakestation.testsupport.NatsServerExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakestation run --memphis}: a project with a station table and a task reading it. The run loads what the
 * station holds (bounded), commits it, and the task then reads the loaded rows; without a broker the station table
 * fails with the one-line "give the broker" message and its task is skipped, upstream failed. Real nats-server, the
 * command's own MiniCluster, Parquet read back with parquet-avro.
 */
class RunWithStationsITCase {

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @TempDir
    Path root;

    @Test
    void aRunLoadsTheStationTableBoundedThenItsTaskReadsIt() throws Exception {
        try (StationFixtures f = new StationFixtures(NATS, root)) {
            f.jsonTable("live", "live-orders");
            task();
            f.produce("live-orders", 1, StationFixtures.json(1, 30, Set.of(7)));

            Result r = run("--memphis", NATS.host() + ":" + NATS.port());
            assertThat(r.exit).as(r.out + r.err).isZero();
            assertThat(r.out).containsPattern("(?m)^  load shop\\.live +SUCCEEDED +29 +1 ")
                    .containsPattern("(?m)^transform:kpi\\.live_total +SUCCEEDED +1 ");
            assertThat(f.tableRows("live")).hasSize(29);
            assertThat(f.rejectedBySequence("live-orders")).hasSize(1);
            List<GenericRecord> total = Parquet.readAll(
                    root.resolve("datasets/warehouse/kpi/live_total"));
            assertThat(total).singleElement().satisfies(g -> assertThat(((Number) g.get("n")).longValue())
                    .isEqualTo(29));

            // a second run: the station's messages were acked, nothing new; the task runs once on the same rows
            f.produce("live-orders", 1, StationFixtures.json(31, 32, Set.of()));
            Result again = run("--memphis", NATS.host() + ":" + NATS.port());
            assertThat(again.exit).as(again.out + again.err).isZero();
            assertThat(f.tableRows("live")).extracting(g -> g.get("id")).hasSize(31).doesNotHaveDuplicates();
            assertThat(again.out).containsPattern("(?m)^transform:kpi\\.live_total +SUCCEEDED +1 ");
        }
    }

    @Test
    void withoutABrokerTheStationTableFailsInOneLineAndItsTaskIsSkipped() throws Exception {
        try (StationFixtures f = new StationFixtures(NATS, root)) {
            f.jsonTable("live", "live-orders");
            task();
            Result r = run();
            assertThat(r.exit).isEqualTo(LakestationCli.EXIT_FAILURE);
            assertThat(r.out).contains("table shop.live loads from station 'live-orders': give the broker with "
                    + "--memphis host:port (or LAKESTATION_MEMPHIS)")
                    .contains("upstream failed: shop.live");
            assertThat(root.resolve("datasets/warehouse/kpi/live_total")).doesNotExist();
        }
    }

    private void task() throws IOException {
        Path sql = root.resolve("metadata/transform/kpi/live_total.sql");
        Files.createDirectories(sql.getParent());
        Files.writeString(sql, "SELECT COUNT(*) AS n, SUM(amount) AS total FROM shop.live\n");
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("run", "--root", root.toString(), "--parallelism", "2"));
        args.addAll(List.of(more));
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0]));
        return new Result(exit, out.toString(), err.toString());
    }
}
