package dev.lakestation.jobs.transform;

import org.apache.avro.generic.GenericRecord;
import org.apache.flink.table.api.TableEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The starbake kpi tasks on Flink (batch, local MiniCluster) over loaded-table Parquet fixtures; outputs read back
 * with parquet-avro and compared with values computed here from the raw sample rows.
 */
class StarbakeTransformITCase {

    /** Starlake's order_items_analysis.sql as shipped, selecting a column order_lines does not have. */
    private static final Path SHIPPED =
            Path.of("../schemas/src/test/resources/starlake-samples/starbake/transform/kpi/order_items_analysis.sql");

    @TempDir
    static Path dir;

    static Starbake starbake;
    static TransformJob job;

    @BeforeAll
    static void setUp() throws Exception {
        starbake = Starbake.loaded(dir.resolve("project"));
        TableEnvironment tEnv = TransformJob.localBatchEnvironment(1);
        job = new TransformJob(tEnv);
    }

    /** order_id → (order timestamp millis, revenue) from the raw samples. */
    private static Map<Long, double[]> expectedRevenue() {
        Map<Long, Long> orderTs = new HashMap<>();
        for (Map<String, String> o : starbake.orders) {
            orderTs.put(Long.parseLong(o.get("order_id")), Instant.parse(o.get("timestamp")).toEpochMilli());
        }
        Map<Long, double[]> revenue = new TreeMap<>();
        for (Map<String, String> l : starbake.orderLines) {
            long id = Long.parseLong(l.get("order_id"));
            if (!orderTs.containsKey(id)) {
                continue;
            }
            double[] v = revenue.computeIfAbsent(id, k -> new double[] {orderTs.get(k), 0});
            v[1] += Integer.parseInt(l.get("quantity")) * Double.parseDouble(l.get("sale_price"));
        }
        return revenue;
    }

    @Test
    void revenueSummaryProductSummaryThenOrderSummary() throws Exception {
        Path revenueOut = starbake.warehouse("kpi", "revenue_summary");
        TransformJob.Result revenue = job.run(starbake.project, "kpi.revenue_summary", revenueOut);
        Map<Long, double[]> expected = expectedRevenue();
        assertThat(revenue.lineage().tables()).containsExactly("starbake.order_lines", "starbake.orders");
        assertThat(revenue.lineage().parsed()).isTrue();
        assertThat(revenue.rows()).isEqualTo(expected.size());
        assertThat(revenue.schema().getColumnNames()).containsExactly("order_id", "order_date", "total_revenue");
        List<GenericRecord> rows = Starbake.read(revenueOut);
        assertThat(rows).hasSize(expected.size());
        for (GenericRecord r : rows) {
            double[] e = expected.get((Long) r.get("order_id"));
            assertThat(e).as("order %s", r.get("order_id")).isNotNull();
            assertThat((Long) r.get("order_date")).isEqualTo((long) e[0]);
            assertThat((Double) r.get("total_revenue")).isCloseTo(e[1], within(1e-9));
        }

        Path productOut = starbake.warehouse("kpi", "product_summary");
        TransformJob.Result product = job.run(starbake.project, "kpi.product_summary", productOut);
        Map<String, double[]> expectedProduct = expectedProductSummary();
        List<GenericRecord> prows = Starbake.read(productOut);
        assertThat(product.rows()).isEqualTo(expectedProduct.size());
        assertThat(prows).hasSize(expectedProduct.size());
        for (GenericRecord r : prows) {
            double[] e = expectedProduct.get(r.get("product_id") + "/" + r.get("order_id"));
            assertThat(e).isNotNull();
            assertThat(((Number) r.get("total_units_sold")).longValue()).isEqualTo((long) e[0]);
            assertThat((Double) r.get("profit")).isCloseTo(e[1], within(1e-9));
            assertThat(r.get("product_name").toString()).isEqualTo(productName((Long) r.get("product_id")));
        }

        // 2-level DAG: reads both earlier outputs, schemas from their Parquet footers
        Path orderOut = dir.resolve("staging/order_summary");
        TransformJob.Result order = job.run(starbake.project, "kpi.order_summary", orderOut);
        assertThat(order.lineage().tables()).containsExactly("kpi.product_summary", "kpi.revenue_summary");
        List<GenericRecord> orows = Starbake.read(orderOut);
        assertThat(orows).hasSize(expectedProduct.size());
        for (GenericRecord r : orows) {
            double[] e = expected.get((Long) r.get("order_id"));
            assertThat((Double) r.get("total_revenue")).isCloseTo(e[1], within(1e-9));
            assertThat((Long) r.get("order_date")).isEqualTo((long) e[0]);
        }
    }

    @Test
    void orderItemsAnalysisAsShippedNamesTheMissingColumnAndTheFile() throws Exception {
        // Starlake's sample as shipped (examples/starbake carries a corrected copy)
        java.nio.file.Files.writeString(starbake.root.resolve("metadata/transform/kpi/order_items_analysis.sql"),
                java.nio.file.Files.readString(SHIPPED));
        dev.lakestation.schema.project.Project shipped =
                dev.lakestation.schema.project.ProjectLoader.load(starbake.root, null).orThrow();
        assertThatThrownBy(() -> job.run(shipped, "kpi.order_items_analysis", dir.resolve("staging/oia")))
                .isInstanceOf(TransformException.class)
                .hasMessage("task kpi.order_items_analysis (metadata/transform/kpi/order_items_analysis.sql:3:14): "
                        + "Column 'customer_id' not found in table 'o'");
    }

    @Test
    void correctedOrderItemsAnalysisRunsWithConcatOverIntAndListAgg() throws Exception {
        Path fixed = starbake.root.resolve("metadata/transform/kpi/order_items_fixed.sql");
        java.nio.file.Files.writeString(fixed, java.nio.file.Files.readString(SHIPPED)
                .replace("FROM starbake.order_lines o", "FROM starbake.order_lines o\n"
                        + "             JOIN starbake.orders ord ON o.order_id = ord.order_id")
                .replace("o.customer_id", "ord.customer_id"));
        dev.lakestation.schema.project.Project project =
                dev.lakestation.schema.project.ProjectLoader.load(starbake.root, null).orThrow();
        Path out = dir.resolve("staging/order_items_fixed");
        TransformJob.Result r = job.run(project, "kpi.order_items_fixed", out);
        assertThat(r.lineage().tables()).containsExactly("starbake.order_lines", "starbake.orders",
                "starbake.products");

        Map<Long, String> customer = new HashMap<>();
        starbake.orders.forEach(o -> customer.put(Long.parseLong(o.get("order_id")), o.get("customer_id")));
        Map<Long, Double> price = new HashMap<>();
        Map<Long, String> name = new HashMap<>();
        starbake.products.forEach(p -> {
            price.put(Long.parseLong(p.get("product_id")), Double.parseDouble(p.get("price")));
            name.put(Long.parseLong(p.get("product_id")), p.get("name"));
        });
        Map<Long, List<String>> items = new TreeMap<>();
        Map<Long, Double> value = new HashMap<>();
        for (Map<String, String> l : starbake.orderLines) {
            long order = Long.parseLong(l.get("order_id"));
            long product = Long.parseLong(l.get("product_id"));
            if (!customer.containsKey(order) || !price.containsKey(product)) {
                continue;
            }
            int q = Integer.parseInt(l.get("quantity"));
            items.computeIfAbsent(order, k -> new java.util.ArrayList<>()).add(name.get(product) + " (" + q + ")");
            value.merge(order, q * price.get(product), Double::sum);
        }
        List<GenericRecord> rows = Starbake.read(out);
        assertThat(rows).hasSize(items.size());
        for (GenericRecord g : rows) {
            long order = (Long) g.get("order_id");
            assertThat(g.get("customer_id").toString()).isEqualTo(customer.get(order));
            assertThat(List.of(g.get("purchased_items").toString().split(",")))
                    .containsExactlyInAnyOrderElementsOf(items.get(order));
            assertThat((Double) g.get("total_order_value")).isCloseTo(value.get(order), within(1e-9));
        }
    }

    @Test
    void sinkPartitionWritesHiveStyleFolders() throws Exception {
        Path kpi = starbake.root.resolve("metadata/transform/kpi");
        java.nio.file.Files.writeString(kpi.resolve("orders_by_status.sql"),
                "SELECT order_id, customer_id, status FROM starbake.orders");
        java.nio.file.Files.writeString(kpi.resolve("orders_by_status.sl.yml"),
                "version: 1\ntask:\n  sink:\n    partition:\n      - status\n");
        dev.lakestation.schema.project.Project project =
                dev.lakestation.schema.project.ProjectLoader.load(starbake.root, null).orThrow();
        Path out = dir.resolve("staging/orders_by_status");
        TransformJob.Result r = job.run(project, "kpi.orders_by_status", out);
        assertThat(r.rows()).isEqualTo(starbake.orders.size());
        Map<String, Long> expected = new TreeMap<>();
        starbake.orders.forEach(o -> expected.merge(o.get("status"), 1L, Long::sum));
        Map<String, Long> actual = new TreeMap<>();
        for (String status : expected.keySet()) {
            List<GenericRecord> rows = Starbake.read(out.resolve("status=" + status));
            assertThat(rows).allSatisfy(g -> assertThat(g.getSchema().getField("status")).isNull());
            actual.put(status, (long) rows.size());
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static String productName(long id) {
        return starbake.products.stream().filter(p -> Long.parseLong(p.get("product_id")) == id)
                .findFirst().orElseThrow().get("name");
    }

    /** "product/order" → (units, profit) — profit = sum(sale_price) - sum(quantity * cost), as the SQL says. */
    private static Map<String, double[]> expectedProductSummary() {
        Map<Long, Double> cost = new HashMap<>();
        for (Map<String, String> p : starbake.products) {
            cost.put(Long.parseLong(p.get("product_id")), Double.parseDouble(p.get("cost")));
        }
        java.util.Set<Long> orderIds = new java.util.HashSet<>();
        starbake.orders.forEach(o -> orderIds.add(Long.parseLong(o.get("order_id"))));
        Map<String, double[]> out = new HashMap<>();
        for (Map<String, String> l : starbake.orderLines) {
            long product = Long.parseLong(l.get("product_id"));
            long orderId = Long.parseLong(l.get("order_id"));
            if (!cost.containsKey(product) || !orderIds.contains(orderId)) {
                continue;
            }
            int q = Integer.parseInt(l.get("quantity"));
            double[] v = out.computeIfAbsent(product + "/" + orderId, k -> new double[3]);
            v[0] += q;
            v[2] += Double.parseDouble(l.get("sale_price"));
            v[1] = 0;
            v[1] = v[2];
            v[3 - 3] = v[0];
            out.put(product + "/" + orderId, v);
        }
        // second pass for profit: sum(sale_price) - sum(quantity * cost)
        Map<String, double[]> result = new HashMap<>();
        for (Map.Entry<String, double[]> e : out.entrySet()) {
            long product = Long.parseLong(e.getKey().split("/")[0]);
            double units = e.getValue()[0];
            result.put(e.getKey(), new double[] {units, e.getValue()[2] - units * cost.get(product)});
        }
        return result;
    }
}
