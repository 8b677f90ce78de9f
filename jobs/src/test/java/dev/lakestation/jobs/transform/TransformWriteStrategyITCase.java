package dev.lakestation.jobs.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import dev.lakestation.jobs.load.Parquet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transform task with {@code UPSERT_BY_KEY} goes through the same write strategies as the load: a second run
 * replaces the rows of the keys it brings and keeps the others.
 */
class TransformWriteStrategyITCase {

    @TempDir
    Path root;

    @Test
    void upsertByKeyTaskKeepsOldKeysAndReplacesChangedOnes() throws Exception {
        write("metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata: {format: DSV, separator: ",", withHeader: true, writeStrategy: {type: OVERWRITE}}
                """);
        write("metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                """);
        write("metadata/transform/kpi/latest.sql", "SELECT id, name FROM shop.orders\n");
        write("metadata/transform/kpi/latest.sl.yml", """
                task:
                  writeStrategy: {type: UPSERT_BY_KEY, key: [id]}
                """);

        write("datasets/stage/shop/orders-1.csv", "id,name\n1,a\n2,b\n");
        assertThat(cli("load")).isZero();
        assertThat(cli("transform", "--name", "kpi.latest")).isZero();
        assertThat(latest()).containsExactlyInAnyOrder("1:a", "2:b");

        write("datasets/stage/shop/orders-2.csv", "id,name\n2,B\n3,c\n");
        assertThat(cli("load")).isZero();               // the load table is overwritten: only 2 and 3
        assertThat(cli("transform", "--name", "kpi.latest")).isZero();
        assertThat(latest()).containsExactlyInAnyOrder("1:a", "2:B", "3:c");
    }

    private java.util.List<String> latest() throws IOException {
        return Parquet.readAll(root.resolve("datasets/warehouse/kpi/latest")).stream()
                .map(g -> g.get("id") + ":" + g.get("name")).toList();
    }

    private int cli(String... args) {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--root";
        all[args.length + 1] = root.toString();
        all[args.length + 2] = "--parallelism";
        all[args.length + 3] = "2";
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(out), all);
        if (exit != 0) {
            System.err.println(out);
        }
        return exit;
    }

    private void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
