package dev.lakestation.jobs.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lakestation dag} on the starbake example. */
class DagCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(exit), out.toString(), err.toString()};
    }

    @Test
    void mermaid() {
        String[] r = run("dag", "--root", "../examples/starbake", "--format", "mermaid");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).isEqualTo("""
                flowchart LR
                  starbake_deliveries[("starbake.deliveries")]
                  starbake_order_lines[("starbake.order_lines")]
                  starbake_products[("starbake.products")]
                  starbake_orders[("starbake.orders")]
                  starbake_sales[("starbake.sales")]
                  kpi_delivery_summary["kpi.delivery_summary"]
                  kpi_order_items_analysis["kpi.order_items_analysis"]
                  kpi_order_summary["kpi.order_summary"]
                  kpi_product_summary["kpi.product_summary"]
                  kpi_revenue_summary["kpi.revenue_summary"]
                  kpi_sales_by_store["kpi.sales_by_store"]
                  starbake_deliveries --> kpi_delivery_summary
                  starbake_order_lines --> kpi_order_items_analysis
                  starbake_products --> kpi_order_items_analysis
                  kpi_product_summary --> kpi_order_summary
                  kpi_revenue_summary --> kpi_order_summary
                  starbake_order_lines --> kpi_product_summary
                  starbake_orders --> kpi_product_summary
                  starbake_products --> kpi_product_summary
                  starbake_order_lines --> kpi_revenue_summary
                  starbake_orders --> kpi_revenue_summary
                  starbake_sales --> kpi_sales_by_store
                """);
    }

    @Test
    void textAndDot() {
        String[] text = run("dag", "--root", "../examples/starbake");
        assertThat(text[0]).isEqualTo("0");
        assertThat(text[1]).contains("kpi.order_summary (task)\n  <- kpi.product_summary (task)\n"
                + "  <- kpi.revenue_summary (task)\n");
        assertThat(text[1]).contains("kpi.revenue_summary (task)\n  <- starbake.order_lines (loaded table)\n");
        String[] dot = run("dag", "--root", "../examples/starbake", "--format", "dot");
        assertThat(dot[1]).startsWith("digraph lakestation {\n  rankdir=LR;\n")
                .contains("  \"starbake.orders\" [shape=cylinder];\n")
                .contains("  \"kpi.product_summary\" -> \"kpi.order_summary\";\n")
                .endsWith("}\n");
    }
}
