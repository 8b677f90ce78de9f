package dev.lakestation.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.jobs.audit.FileDatasetEvents;
import dev.lakestation.jobs.load.Parquet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code lakestation run} on the starbake demo, as {@code bin/demo} runs it: three days of landing files (DSV, JSON
 * array, XML, fixed width, with a few bad values) arrive in the incoming folder, then one command stages, loads and
 * transforms everything in dependency order. Every expected number is computed here from the landing files with
 * plain parsers (Jackson, the JDK's DOM, string cuts), and the outputs are read back with parquet-avro.
 */
class RunCommandITCase {

    private static final Path EXAMPLE = Path.of("../examples/starbake");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** A Flink job id in the summary: the latest of the step, with how many it had before. */
    private static final String FLINK_JOB = "[0-9a-f]{32}( \\(\\+\\d+\\))?";

    @TempDir
    static Path root;
    static int exit;
    static String out;
    static String err;
    static Landing landing;

    @BeforeAll
    static void runTheDemo() throws Exception {
        copyTree(EXAMPLE.resolve("metadata"), root.resolve("metadata"));
        copyTree(EXAMPLE.resolve("datasets/incoming"), root.resolve("datasets/incoming"));
        landing = new Landing(EXAMPLE.resolve("datasets/incoming/starbake"));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        exit = LakestationCli.run(new PrintWriter(o), new PrintWriter(e), "run", "--root", root.toString(),
                "--parallelism", "2");
        out = o.toString();
        err = e.toString();
    }

    @Test
    void everyStepSucceededAndTheSummaryTimesEach() {
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out).containsPattern("(?m)^load:starbake +SUCCEEDED .* s +\\d+\\.\\d s$");
        for (String pipeline : List.of("transform:kpi.delivery_summary",
                "transform:kpi.order_items_analysis", "transform:kpi.product_summary", "transform:kpi.revenue_summary",
                "transform:kpi.order_summary")) {   // a one-step pipeline's row shows its step's Flink job
            assertThat(out).containsPattern("(?m)^" + Pattern.quote(pipeline) + " +SUCCEEDED .* s +\\d+\\.\\d s +"
                    + FLINK_JOB + "$");
        }
        assertThat(out).containsPattern("(?m)^  stage starbake +SUCCEEDED +\\d+\\.\\d s");
        assertThat(out).containsPattern("(?m)^  load starbake\\.deliveries +SUCCEEDED +" + landing.deliveries.size()
                + " +2 +\\d+\\.\\d s");
        assertThat(out).containsPattern("(?m)^  load starbake\\.order_lines +SUCCEEDED +"
                + String.format("%,d", landing.lines.size()) + " +2 ");
        assertThat(out).containsPattern("(?m)^  load starbake\\.orders +SUCCEEDED +" + landing.orders.size() + " +2 ");
        assertThat(out).containsPattern("(?m)^  load starbake\\.products +SUCCEEDED +12 +1 +\\d+\\.\\d s +\\d+\\.\\d s +"
                + FLINK_JOB + "$");
        // the station-fed table, without a broker: skipped with the reason, and so is what reads it; exit 0
        assertThat(out).containsPattern("(?m)^  load starbake\\.sales +SKIPPED .* no broker: loads from station "
                + "'starbake-sales' \\(give --memphis host:port or LAKESTATION_MEMPHIS\\)$");
        assertThat(out).containsPattern("(?m)^transform:kpi\\.sales_by_store +SKIPPED .* input not loaded: "
                + "starbake\\.sales$");
        assertThat(out).containsPattern("(?m)^total \\d+\\.\\d s wall, \\d+\\.\\d s cpu: Flink cluster start \\d+\\.\\d s, "
                + "steps \\d+\\.\\d s, other \\d+\\.\\d s$");
    }

    /**
     * Each Flink job a step submits is printed when it is submitted ({@code <step>: Flink job <id>}), and the
     * summary shows each step's latest one: the job ids of {@code status}, in {@code run}'s own output.
     */
    @Test
    void everyFlinkStepPrintsItsJobIds() {
        assertThat(exit).as(out + "\n" + err).isZero();
        for (String step : List.of("load starbake.deliveries", "load starbake.order_lines", "load starbake.orders",
                "load starbake.products", "transform kpi.order_summary", "transform kpi.revenue_summary")) {
            // the step's summary row: "  load starbake.orders ..." under its pipeline, "transform:kpi.x ..." alone
            java.util.regex.Matcher summary = Pattern.compile("(?m)^(  )?"
                    + Pattern.quote(step).replace(" ", "\\E[ :]\\Q")
                    + " +SUCCEEDED .* s +([0-9a-f]{32})").matcher(out);
            assertThat(summary.find()).as(step + " in\n" + out).isTrue();
            assertThat(out).as(step).containsPattern("(?m)^" + Pattern.quote(step + ": Flink job " + summary.group(2))
                    + "$");
        }
        assertThat(out).as("stage and preload move files: no Flink job")
                .doesNotContainPattern("(?m)^(stage|preload) starbake.*: Flink job");
    }

    @Test
    void loadedTablesHoldTheValidRows() throws IOException {
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(ids(table("starbake/orders"), "order_id")).isEqualTo(landing.orders.keySet());
        assertThat(table("starbake/order_lines")).hasSize(landing.lines.size());
        assertThat(ids(table("starbake/products"), "product_id")).isEqualTo(landing.products.keySet());
        List<GenericRecord> deliveries = table("starbake/deliveries");
        assertThat(deliveries).hasSize(landing.deliveries.size());
        // fixed width: padded strings trimmed, signed numbers, dates as dates
        GenericRecord first = deliveries.stream().filter(r -> (long) r.get("delivery_id") == 1).findFirst()
                .orElseThrow();
        Delivery expected = landing.deliveries.get(0);
        assertThat(first.get("store").toString()).isEqualTo(expected.store);
        assertThat(first.get("driver").toString()).isEqualTo(expected.driver);
        assertThat(((Number) first.get("minutes_late")).longValue()).isEqualTo(expected.minutesLate);
        assertThat(LocalDate.ofEpochDay(((Number) first.get("delivery_date")).longValue())).isEqualTo(expected.date);
    }

    @Test
    void kpisMatchWhatTheLandingFilesSay() throws IOException {
        assertThat(exit).as(out + "\n" + err).isZero();
        // revenue per valid order that has valid lines: sum(quantity * sale_price)
        Map<Long, Double> revenue = new HashMap<>();
        Set<List<Long>> orderProducts = new HashSet<>();
        Map<Long, Double> itemsValue = new HashMap<>();
        for (Line l : landing.lines) {
            Double price = landing.products.get(l.product);
            if (price != null) {
                itemsValue.merge(l.order, l.quantity * price, Double::sum);
            }
            if (landing.orders.containsKey(l.order)) {
                revenue.merge(l.order, l.quantity * l.salePrice, Double::sum);
                if (price != null) {
                    orderProducts.add(List.of(l.order, l.product));
                }
            }
        }
        List<GenericRecord> rs = table("kpi/revenue_summary");
        assertThat(rs).hasSize(revenue.size());
        for (GenericRecord r : rs) {
            assertThat((double) r.get("total_revenue")).as("order " + r.get("order_id"))
                    .isCloseTo(revenue.get((long) r.get("order_id")), within(1e-6));
        }
        assertThat(table("kpi/product_summary")).hasSize(orderProducts.size());
        List<GenericRecord> os = table("kpi/order_summary");   // level 2: product_summary ⋈ revenue_summary
        assertThat(os).hasSize(orderProducts.size());
        for (GenericRecord r : os) {
            assertThat((double) r.get("total_revenue")).isCloseTo(revenue.get((long) r.get("order_id")), within(1e-6));
        }
        List<GenericRecord> items = table("kpi/order_items_analysis");
        assertThat(items).hasSize(itemsValue.size());
        for (GenericRecord r : items) {
            assertThat((double) r.get("total_order_value"))
                    .isCloseTo(itemsValue.get(((Number) r.get("order_id")).longValue()), within(1e-6));
        }
        // deliveries per store and day: count, late ones, the longest delay
        Map<String, long[]> perStoreDay = new TreeMap<>();
        for (Delivery d : landing.deliveries) {
            long[] a = perStoreDay.computeIfAbsent(d.store + " " + d.date, k -> new long[] {0, 0, Long.MIN_VALUE});
            a[0]++;
            a[1] += d.minutesLate > 0 ? 1 : 0;
            a[2] = Math.max(a[2], d.minutesLate);
        }
        Map<String, List<Long>> actual = new TreeMap<>();
        for (GenericRecord r : table("kpi/delivery_summary")) {
            actual.put(r.get("store") + " " + LocalDate.ofEpochDay(((Number) r.get("delivery_date")).longValue()),
                    List.of(((Number) r.get("deliveries")).longValue(), ((Number) r.get("late_deliveries")).longValue(),
                            ((Number) r.get("max_minutes_late")).longValue()));
        }
        Map<String, List<Long>> expected = new TreeMap<>();
        perStoreDay.forEach((k, a) -> expected.put(k, List.of(a[0], a[1], a[2])));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void rejectedRowsCarryStarlakesTexts() throws IOException {
        assertThat(exit).as(out + "\n" + err).isZero();
        List<GenericRecord> rejected = Parquet.readAll(root.resolve("datasets/audit/rejected"));
        Map<String, String> byTable = new TreeMap<>();
        for (GenericRecord r : rejected) {
            byTable.merge(r.get("schema") + " " + Path.of(r.get("path").toString()).getFileName() + ":" + r.get("line"),
                    r.get("error").toString(), (a, b) -> a + " | " + b);
        }
        assertThat(byTable).as(byTable.toString()).hasSize(7);
        assertThat(byTable.keySet()).containsExactlyInAnyOrder(
                "order_lines order-lines_20240302.csv:18",
                "order_lines order-lines_20240303.csv:41",
                "orders orders_20240301.json:" + landing.badRecordLine.get("orders_20240301.json"),
                "orders orders_20240303.json:" + landing.badRecordLine.get("orders_20240303.json"),
                "deliveries deliveries_20240301.txt:10",
                "deliveries deliveries_20240303.txt:" + landing.lastDeliveryLine,
                "products products_20240301.xml:" + landing.badRecordLine.get("products_20240301.xml"));
        // Starlake's texts: "ERR -> ", one line per error, then the file
        assertThat(byTable.get("order_lines order-lines_20240302.csv:18"))
                .startsWith("ERR -> \n`quantity` (int) doesn't match pattern `[-|\\+|0-9][0-9]*`\n\nFILE -> ")
                .endsWith("order-lines_20240302.csv");
        assertThat(byTable.values()).extracting(e -> e.lines().skip(1).findFirst().orElse(""))
                .containsExactlyInAnyOrder(
                "`quantity` (int) doesn't match pattern `[-|\\+|0-9][0-9]*`",
                "`sale_price` (double) doesn't match pattern `[-+]?\\d*\\.?\\d+[Ee]?[-+]?\\d*`",
                "`customer_id` (long) doesn't match pattern `-?\\d+`",
                "`timestamp` (iso_date_time) doesn't match pattern `ISO_DATE_TIME`",
                "`delivery_date` (date) doesn't match pattern `yyyy-MM-dd`",     // month 13
                "`delivery_date` (date) doesn't match pattern `yyyy-MM-dd`",     // the line cut short
                "`cost` (double) doesn't match pattern `[-+]?\\d*\\.?\\d+[Ee]?[-+]?\\d*`");
    }

    @Test
    void filesAreArchivedAndAuditedAndEventsPublished() throws IOException {
        assertThat(exit).as(out + "\n" + err).isZero();
        Path archive = root.resolve("datasets/archive/starbake");
        try (Stream<Path> files = Files.list(EXAMPLE.resolve("datasets/incoming/starbake"))) {
            for (Path f : files.toList()) {
                assertThat(archive.resolve(f.getFileName().toString())).hasSameBinaryContentAs(f);
            }
        }
        assertThat(root.resolve("datasets/incoming/starbake")).isEmptyDirectory();
        assertThat(root.resolve("datasets/stage/starbake")).isEmptyDirectory();

        Map<String, GenericRecord> audit = new TreeMap<>();
        for (GenericRecord r : Parquet.readAll(root.resolve("datasets/audit/audit"))) {
            audit.put(r.get("domain") + "." + r.get("schema"), r);
        }
        assertThat(audit.keySet()).containsExactlyInAnyOrder("starbake.deliveries", "starbake.order_lines",
                "starbake.orders", "starbake.products", "kpi.delivery_summary", "kpi.order_items_analysis",
                "kpi.product_summary", "kpi.revenue_summary", "kpi.order_summary");
        assertThat(audit.values()).allSatisfy(r -> assertThat((boolean) r.get("success")).isTrue());
        GenericRecord orders = audit.get("starbake.orders");
        assertThat(orders.get("step").toString()).isEqualTo("LOAD");
        assertThat((long) orders.get("countAccepted")).isEqualTo(landing.orders.size());
        assertThat((long) orders.get("countRejected")).isEqualTo(2);
        assertThat(orders.get("paths").toString()).contains("orders_20240301.json").contains("orders_20240303.json");

        var events = new FileDatasetEvents(root.resolve("datasets")).readAfter(0, 100);
        assertThat(events).extracting(e -> e.event().dataset()).containsExactlyInAnyOrderElementsOf(audit.keySet());
        assertThat(events).allSatisfy(e -> assertThat(e.event().runId()).contains("@run-"));
    }

    // ------------------------------------------------------------------ the landing files, read independently

    private record Line(long order, long product, long quantity, double salePrice) {
    }

    private record Delivery(long id, long order, String store, LocalDate date, long minutesLate, String driver) {
    }

    /** The valid rows of the landing files, by the tables' rules written out by hand. */
    private static final class Landing {
        final Map<Long, String> orders = new HashMap<>();
        final List<Line> lines = new ArrayList<>();
        final List<Delivery> deliveries = new ArrayList<>();
        final Map<Long, Double> products = new HashMap<>();
        /** file name → line of its (one) rejected JSON or XML record */
        final Map<String, Integer> badRecordLine = new HashMap<>();
        int lastDeliveryLine;

        Landing(Path dir) throws Exception {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.sorted().toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith("orders_")) {
                    // streamed, for the line each record starts on (where the rejected row points)
                    try (JsonParser p = JSON.createParser(f.toFile())) {
                        p.nextToken();
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            int line = p.currentTokenLocation().getLineNr();
                            JsonNode o = JSON.readTree(p);
                            if (o.get("customer_id").isNumber() && isInstant(o.get("timestamp").asText())) {
                                orders.put(o.get("order_id").asLong(), o.get("status").asText());
                            } else {
                                badRecordLine.put(name, line);
                            }
                        }
                    }
                } else if (name.startsWith("order-lines_")) {
                    List<String> text = Files.readAllLines(f, StandardCharsets.UTF_8);
                    for (String l : text.subList(1, text.size())) {
                        String[] v = l.split(";");
                        if (v[2].matches("\\d+") && DECIMAL.matcher(v[3]).matches()) {
                            lines.add(new Line(Long.parseLong(v[0]), Long.parseLong(v[1]), Long.parseLong(v[2]),
                                    Double.parseDouble(v[3])));
                        }
                    }
                } else if (name.startsWith("deliveries_")) {
                    List<String> text = Files.readAllLines(f, StandardCharsets.UTF_8);
                    lastDeliveryLine = text.size();
                    for (String l : text) {
                        try {
                            deliveries.add(new Delivery(Long.parseLong(l.substring(0, 8)),
                                    Long.parseLong(l.substring(8, 16)), l.substring(16, 28).strip(),
                                    LocalDate.parse(l.substring(28, 38)), Long.parseLong(l.substring(38, 42)),
                                    l.substring(42).strip()));
                        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
                            // rejected by the load as well
                        }
                    }
                } else if (name.startsWith("products_")) {
                    NodeList records = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile())
                            .getElementsByTagName("record");
                    List<String> text = Files.readAllLines(f, StandardCharsets.UTF_8);
                    List<Integer> recordLines = new ArrayList<>();
                    for (int i = 0; i < text.size(); i++) {
                        if (text.get(i).strip().equals("<record>")) {
                            recordLines.add(i + 1);
                        }
                    }
                    for (int i = 0; i < records.getLength(); i++) {
                        Element r = (Element) records.item(i);
                        String cost = r.getElementsByTagName("cost").item(0).getTextContent();
                        if (DECIMAL.matcher(cost).matches()) {
                            products.put(Long.parseLong(r.getElementsByTagName("product_id").item(0).getTextContent()),
                                    Double.parseDouble(r.getElementsByTagName("price").item(0).getTextContent()));
                        } else {
                            badRecordLine.put(name, recordLines.get(i));
                        }
                    }
                }
            }
        }

        private static boolean isInstant(String s) {
            try {
                OffsetDateTime.parse(s);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<GenericRecord> table(String domainTable) throws IOException {
        return Parquet.readAll(root.resolve("datasets/warehouse").resolve(domainTable));
    }

    private static Set<Long> ids(List<GenericRecord> rows, String column) {
        Set<Long> out = new HashSet<>();
        for (GenericRecord r : rows) {
            out.add(((Number) r.get(column)).longValue());
        }
        assertThat(out).as("no duplicate " + column).hasSize(rows.size());
        return out;
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
