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
 * and its task are SKIPPED (not failed: the run succeeds). The demo's station table through {@code publish}, load and
 * its task. Real nats-server, the
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
    void withoutABrokerTheStationTableAndItsTaskAreSkippedNotFailed() throws Exception {
        try (StationFixtures f = new StationFixtures(NATS, root)) {
            f.jsonTable("live", "live-orders");
            task();
            Result r = run();
            assertThat(r.exit).as(r.out + r.err).isZero();
            assertThat(r.out).containsPattern("(?m)^  load shop\\.live +SKIPPED .* no broker: loads from station "
                            + "'live-orders' \\(give --memphis host:port or LAKESTATION_MEMPHIS\\)$")
                    .containsPattern("(?m)^transform:kpi\\.live_total +SKIPPED .* input not loaded: shop\\.live$");
            assertThat(root.resolve("datasets/warehouse/kpi/live_total")).doesNotExist();
            assertThat(root.resolve("datasets/warehouse/shop/live")).doesNotExist();
        }
    }

    /**
     * The demo's station table as {@code bin/demo --memphis} feeds it: {@code lakestation publish} puts the shipped
     * till sales on the station, the table loads bounded (two bad messages rejected with their sequence), and
     * {@code kpi.sales_by_store} matches the messages summed here with Jackson.
     */
    @Test
    void theDemosStationTablePublishedThenLoadedThenSummed() throws Exception {
        Path example = Path.of("../examples/starbake").toAbsolutePath().normalize();
        dev.lakestation.jobs.area.AreaFixtures.copyTree(example.resolve("metadata"), root.resolve("metadata"));
        Path messages = example.resolve("stations/starbake-sales.jsonl");
        String broker = NATS.host() + ":" + NATS.port();
        Result pub = cli("publish", "--memphis", broker, "--station", "starbake-sales", "--file", messages.toString());
        assertThat(pub.exit).as(pub.out + pub.err).isZero();
        assertThat(pub.out.strip()).isEqualTo("published 60 messages to station 'starbake-sales'");

        Result load = cli("load", "--root", root.toString(), "--domains", "starbake", "--tables", "sales",
                "--memphis", broker, "--bounded");
        assertThat(load.exit).as(load.out + load.err).isZero();
        Result sum = cli("transform", "--root", root.toString(), "--name", "kpi.sales_by_store");
        assertThat(sum.exit).as(sum.out + sum.err).isZero();

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, java.math.BigDecimal> revenue = new java.util.TreeMap<>();
        int valid = 0;
        for (String line : Files.readAllLines(messages)) {
            var m = json.readTree(line);
            if (m.has("sale_id") && m.get("amount").isNumber()) {
                valid++;
                revenue.merge(m.get("store").asText(), m.get("amount").decimalValue(), java.math.BigDecimal::add);
            }
        }
        assertThat(valid).isEqualTo(58);
        assertThat(Parquet.readAll(root.resolve("datasets/warehouse/starbake/sales"))).hasSize(valid);
        java.util.Map<String, java.math.BigDecimal> actual = new java.util.TreeMap<>();
        for (GenericRecord g : Parquet.readAll(root.resolve("datasets/warehouse/kpi/sales_by_store"))) {
            actual.put(g.get("store").toString(), Parquet.decimal(g, "revenue").stripTrailingZeros());
        }
        revenue.replaceAll((k, v) -> v.stripTrailingZeros());
        assertThat(actual).isEqualTo(revenue);
        List<String> errors = Parquet.readAll(root.resolve("datasets/audit/rejected")).stream()
                .map(g -> g.get("error").toString()).toList();
        assertThat(errors).hasSize(2).anySatisfy(e -> assertThat(e).contains("`amount`"))
                .anySatisfy(e -> assertThat(e).contains("`sale_id`"));
    }

    private void task() throws IOException {
        Path sql = root.resolve("metadata/transform/kpi/live_total.sql");
        Files.createDirectories(sql.getParent());
        Files.writeString(sql, "SELECT COUNT(*) AS n, SUM(amount) AS total FROM shop.live\n");
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--root", root.toString(), "--parallelism", "2"));
        args.addAll(List.of(more));
        return cli(args.toArray(new String[0]));
    }

    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }
}
