package dev.lakestation.jobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project the coordinator CLI tests run the real commands on: one DSV load table {@code sales.orders} on a cron
 * and one task {@code kpi.t} reading it (run by {@link CoordinatorChildMain}'s marker jobs, not Flink).
 */
final class CoordinatorCliProject {

    private CoordinatorCliProject() {
    }

    /** Writes the project under {@code root}, {@code sales.orders} scheduled on {@code cron}. */
    static void write(Path root, String cron) throws IOException {
        write(root, "metadata/load/sales/_config.sl.yml", """
                load:
                  name: sales
                  metadata: {format: DSV, separator: ",", withHeader: true}
                """);
        write(root, "metadata/load/sales/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  metadata: {schedule: "%s"}
                  attributes:
                    - {name: id, type: long}
                """.formatted(cron));
        write(root, "metadata/transform/kpi/t.sql", "SELECT id FROM sales.orders\n");
    }

    static void write(Path root, String rel, String text) throws IOException {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
