package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import dev.lakestation.jobs.runner.LocalFlinkRunner;
import dev.lakestation.memphis.Memphis;
import dev.lakestation.memphis.StationOptions;
import dev.lakestation.schema.project.Project;
import dev.lakestation.testsupport.NatsServerExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables loaded from Memphis stations (a real nats-server, memphis-client's JetStream control plane, the
 * command's MiniCluster): bounded and continuous, JSON and DSV payloads, with rejects. Every accepted message is a
 * Parquet row once (read back with parquet-avro), every rejected one a rejected row and a dead letter with
 * Starlake's text, every message acked (the group's durable: ack floor = last sequence, nothing pending).
 */
class StationLoadITCase {

    @RegisterExtension
    static final NatsServerExtension NATS = NatsServerExtension.jetStream();

    @TempDir
    Path root;

    /** One MiniCluster for the service-level tests (the CLI test starts its own, as the command does). */
    private static LocalFlinkRunner flink;
    /** The metrics of that cluster's jobs. */
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    private StationFixtures f;

    @org.junit.jupiter.api.BeforeAll
    static void startFlink() {
        flink = LocalFlinkRunner.start(2, METRICS.addToConfiguration(new Configuration()));
    }

    @org.junit.jupiter.api.AfterAll
    static void stopFlink() {
        flink.close();
    }

    private Memphis memphis;

    @BeforeEach
    void connect() throws IOException {
        f = new StationFixtures(NATS, root);
        memphis = f.memphis;
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void boundedJsonLoadFromItsStationWithRejectsNextToAFileTableInOneCommand() throws Exception {
        String station = "orders-json";
        jsonTable("orders", station);
        write("metadata/load/shop/customers.sl.yml", """
                table:
                  name: customers
                  pattern: "customers.*"
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                """);
        write("datasets/stage/shop/customers-1.csv", "id,name\n1,Ada\n2,Grace\n");
        memphis.createStation(StationOptions.builder(station).build());
        List<String> messages = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            messages.add(switch (i) {
                case 7 -> "{\"id\": \"x7\", \"name\": \"bad id\"}";           // not a long
                case 13 -> "{\"id\": 13, \"na";                              // truncated JSON
                case 21 -> "{\"name\": \"no id\"}";                          // required id missing
                default -> "{\"id\": " + i + ", \"name\": \"n" + i + "\", \"amount\": " + i + ".25}";
            });
        }
        produce(station, 1, messages);

        Result r = cli("load", "--root", root.toString(), "--memphis", NATS.host() + ":" + NATS.port(), "--bounded",
                "--parallelism", "2", "--checkpoint-interval", "200");

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("shop.orders: loading from station " + station + " (bounded)")
                .contains("shop.orders: 37 accepted, 3 rejected").contains("shop.customers").doesNotContain("Exception");
        List<GenericRecord> rows = Parquet.readAll(table("orders"));
        assertThat(rows).extracting(g -> (Long) g.get("id")).doesNotHaveDuplicates().hasSize(37)
                .doesNotContain(7L, 13L, 21L);
        assertThat(rows).filteredOn(g -> g.get("id").equals(5L)).singleElement()
                .satisfies(g -> assertThat(g.get("name").toString()).isEqualTo("n5"));
        assertThat(Parquet.readAll(table("customers"))).hasSize(2);

        Map<Long, String> rejected = rejectedBySequence(station);
        assertThat(rejected).containsOnlyKeys(7L, 13L, 21L);
        assertThat(rejected.get(7L)).contains("`id` (long) doesn't match pattern")
                .contains("station:" + station + "#1@7");
        assertThat(rejected.get(13L)).contains("Invalid JSON");
        assertThat(rejected.get(21L)).contains("`id` is required");
        Map<Long, String> dead = deadLetters(station);
        assertThat(dead).containsOnlyKeys(7L, 13L, 21L);
        assertThat(dead.get(7L)).contains("`id` (long) doesn't match pattern").doesNotContain("\n");
        assertThat(dead.get(21L)).contains("`id` is required");
        assertAllAcked(station, 1, "lakestation.shop.orders", 40);

        List<GenericRecord> audit = Parquet.readAll(root.resolve("datasets/audit/audit"));
        assertThat(audit).filteredOn(a -> a.get("schema").toString().equals("orders")).singleElement()
                .satisfies(a -> {
                    assertThat(a.get("paths").toString()).isEqualTo("station:" + station);
                    assertThat(a.get("countAccepted")).isEqualTo(37L);
                    assertThat(a.get("countRejected")).isEqualTo(3L);
                    assertThat(a.get("success")).isEqualTo(true);
                });
        assertThat(Files.readAllLines(root.resolve("datasets/events/datasets.jsonl")))
                .anyMatch(l -> l.contains("shop.orders") && l.contains("37"));

        // nothing new: no commit, the table unchanged, still everything acked
        Result again = cli("load", "--root", root.toString(), "--memphis", NATS.host() + ":" + NATS.port(),
                "--bounded", "--tables", "orders", "--domains", "shop");
        assertThat(again.exit).as(again.output).isZero();
        assertThat(again.output).contains("shop.orders: no new messages");
        assertThat(Parquet.readAll(table("orders"))).hasSize(37);
    }

    @Test
    void boundedDsvLoadOfAThreePartitionStationAtParallelismTwo() throws Exception {
        String station = "lines-dsv";
        write("metadata/load/shop/lines.sl.yml", """
                table:
                  name: lines
                  pattern: "lines.*"
                  metadata:
                    options: {memphis.station: "%s", memphis.group: "lines-loader"}
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: sku, type: string}
                    - {name: qty, type: int}
                """.formatted(station));
        memphis.createStation(StationOptions.builder(station).partitions(3).build());
        long before = System.currentTimeMillis();
        int bad = 0;
        for (int p = 1; p <= 3; p++) {
            List<String> lines = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                int id = p * 1000 + i;
                if (i % 10 == 0) {
                    lines.add(id + ",sku-" + id + ",many");   // qty not an int
                    bad++;
                } else {
                    lines.add(id + ",\"sku, " + id + "\"," + i);
                }
            }
            produce(station, p, lines);
        }

        List<TableLoadReport> reports = new LoadService(project(), flink, Clock.systemUTC())
                .load(request(true, 200), LoadListener.NONE);
        long took = System.currentTimeMillis() - before;

        assertThat(reports).singleElement().satisfies(rep -> {
            assertThat(rep.status()).as(rep.message()).isEqualTo(TableLoadReport.Status.LOADED);
            assertThat(rep.accepted()).isEqualTo(90 - 9);
            assertThat(rep.rejected()).isEqualTo(9);
        });
        assertThat(TableMetrics.counters(METRICS, "shop.lines")).containsExactlyInAnyOrderEntriesOf(Map.of(
                LoadRouter.ROWS_IN, 90L, LoadRouter.ROWS_ACCEPTED, 81L, LoadRouter.ROWS_REJECTED, 9L,
                LoadRouter.ROWS_FILTERED, 0L));
        // every message was produced after `before` and its file finished before the load returned
        List<Long> last = TableMetrics.gauges(METRICS, "shop.lines", LoadRouter.LAST_COMMIT_LAG);
        List<Long> max = TableMetrics.gauges(METRICS, "shop.lines", LoadRouter.MAX_COMMIT_LAG);
        assertThat(last).as("one per subtask").hasSize(2).anySatisfy(l -> assertThat(l).isPositive())
                .allSatisfy(l -> assertThat(l).isBetween(-1L, took));
        assertThat(max).hasSize(2).allSatisfy(l -> assertThat(l).isBetween(-1L, took));
        assertThat(java.util.Collections.max(max)).isGreaterThanOrEqualTo(java.util.Collections.max(last));
        // 90 rows (accepted and rejected) are far below the per-checkpoint sample: every row's lag is in the
        // histogram, and its worst is the worst checkpoint's oldest row
        assertThat(TableMetrics.histogramCount(METRICS, "shop.lines", LoadRouter.COMMIT_LAG)).isEqualTo(90);
        List<org.apache.flink.metrics.HistogramStatistics> lags =
                TableMetrics.histograms(METRICS, "shop.lines", LoadRouter.COMMIT_LAG);
        assertThat(lags).hasSize(2).allSatisfy(h -> assertThat(h.getMin()).isGreaterThanOrEqualTo(0));
        assertThat(lags.stream().mapToLong(org.apache.flink.metrics.HistogramStatistics::getMax).max().orElseThrow())
                .isEqualTo(java.util.Collections.max(max));
        List<GenericRecord> rows = Parquet.readAll(table("lines"));
        assertThat(rows).extracting(g -> (Long) g.get("id")).doesNotHaveDuplicates().hasSize(81);
        assertThat(rows).filteredOn(g -> g.get("id").equals(2003L)).singleElement()
                .satisfies(g -> assertThat(g.get("sku").toString()).isEqualTo("sku, 2003"));
        List<GenericRecord> rejected = Parquet.readAll(root.resolve("datasets/audit/rejected"));
        assertThat(rejected).hasSize(bad).allSatisfy(g -> {
            assertThat(g.get("sequence")).isIn(10L, 20L, 30L);
            assertThat(g.get("error").toString()).contains("`qty` (int) doesn't match pattern");
        });
        assertThat(rejected).extracting(g -> (Integer) g.get("partition")).containsOnly(1, 2, 3);
        for (int p = 1; p <= 3; p++) {
            assertAllAcked(station, p, "lines-loader", 30);
        }
        assertThat(deadLetters(station)).hasSize(3); // keyed by sequence: 10, 20, 30 on each partition
        assertThat(dlsCount(station)).isEqualTo(bad);
    }

    @Test
    void continuousLoadCommitsEveryCheckpointUntilStopped() throws Exception {
        String station = "orders-stream";
        jsonTable("orders", station);
        memphis.createStation(StationOptions.builder(station).build());
        LoadService service = new LoadService(project(), flink, Clock.systemUTC());
        CompletableFuture<List<TableLoadReport>> running = CompletableFuture.supplyAsync(
                () -> service.load(request(false, 300), LoadListener.NONE));
        try {
            produce(station, 1, json(1, 30, 17));
            await(() -> rows("orders") == 29 && acked(station, "lakestation.shop.orders") == 30, running);
            int versions = versions("orders");
            produce(station, 1, json(31, 60, 44));
            await(() -> rows("orders") == 58 && acked(station, "lakestation.shop.orders") == 60, running);
            assertThat(versions("orders")).isGreaterThan(versions); // a new version per committed checkpoint
        } finally {
            service.stop();
        }
        List<TableLoadReport> reports = running.get(60, TimeUnit.SECONDS);

        assertThat(reports).singleElement().satisfies(rep -> {
            assertThat(rep.status()).as(rep.message()).isEqualTo(TableLoadReport.Status.LOADED);
            assertThat(rep.accepted()).isEqualTo(58);
            assertThat(rep.rejected()).isEqualTo(2);
        });
        assertThat(Parquet.readAll(table("orders"))).extracting(g -> (Long) g.get("id")).doesNotHaveDuplicates()
                .hasSize(58);
        assertThat(rejectedBySequence(station)).containsOnlyKeys(17L, 44L);
        assertThat(deadLetters(station)).containsOnlyKeys(17L, 44L);
        List<GenericRecord> audit = Parquet.readAll(root.resolve("datasets/audit/audit"));
        assertThat(audit.size()).isGreaterThanOrEqualTo(2);
        assertThat(audit.stream().mapToLong(a -> (Long) a.get("countAccepted")).sum()).isEqualTo(58);
        assertThat(audit.stream().mapToLong(a -> (Long) a.get("countRejected")).sum()).isEqualTo(2);
        assertThat(Files.readAllLines(root.resolve("datasets/events/datasets.jsonl"))).hasSize(audit.size());
        assertAllAcked(station, 1, "lakestation.shop.orders", 60);
    }

    // ------------------------------------------------------------------ helpers

    private void jsonTable(String name, String station) throws IOException {
        f.jsonTable(name, station);
    }

    private static List<String> json(int from, int to, int bad) {
        return StationFixtures.json(from, to, java.util.Set.of(bad));
    }

    private LoadRequest request(boolean bounded, long checkpointMillis) {
        return f.request(bounded, checkpointMillis);
    }

    private Project project() {
        return f.project();
    }

    private void produce(String station, int partition, List<String> messages) {
        f.produce(station, partition, messages);
    }

    private Path table(String name) {
        return f.table(name);
    }

    private int rows(String name) {
        return f.rows(name);
    }

    private int versions(String name) {
        return (int) f.version(name);
    }

    private Map<Long, String> rejectedBySequence(String station) throws IOException {
        return f.rejectedBySequence(station);
    }

    private Map<Long, String> deadLetters(String station) throws Exception {
        return f.deadLetters(station);
    }

    private long dlsCount(String station) throws Exception {
        return f.dlsCount(station);
    }

    private long acked(String station, String group) {
        try {
            return f.consumer(station, 1, group).getAckFloor().getStreamSequence();
        } catch (Exception e) {
            return -1; // the durable does not exist yet
        }
    }

    private void assertAllAcked(String station, int p, String group, long last) throws Exception {
        f.assertAllAcked(station, p, group, last);
    }

    private static void await(BooleanSupplier condition, CompletableFuture<?> running) {
        StationFixtures.await("the continuous load's rows and acks", condition, running);
    }

    record Result(int exit, String output) {
    }

    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out + "\n" + err);
    }

    private void write(String rel, String content) throws IOException {
        f.write(rel, content);
    }
}
