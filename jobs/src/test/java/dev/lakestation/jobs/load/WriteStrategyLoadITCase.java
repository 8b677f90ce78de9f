package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakestation load} of tables with a merge write strategy, end to end through the CLI on a MiniCluster:
 * two loads of the same table, the table read back with parquet-avro after each.
 */
class WriteStrategyLoadITCase {

    @TempDir
    Path root;

    @Test
    void upsertByKeyTwice() throws Exception {
        project("""
                    writeStrategy:
                      type: UPSERT_BY_KEY
                      key: [id]
                """);
        stage("customers-1.csv", "id,name,city\n1,a,Paris\n2,b,Lyon\n");
        Result r1 = load();
        assertThat(r1.exit).as(r1.output).isZero();
        assertThat(rows()).containsExactlyInAnyOrder("1:a:Paris", "2:b:Lyon");

        stage("customers-2.csv", "id,name,city\n2,B,Nice\n3,c,Lille\n");
        Result r2 = load();
        assertThat(r2.exit).as(r2.output).isZero();
        assertThat(r2.output).contains("shop.customers").contains("LOADED");
        assertThat(rows()).containsExactlyInAnyOrder("1:a:Paris", "2:B:Nice", "3:c:Lille");
        assertThat(root.resolve("datasets/archive/shop/customers-2.csv")).exists();
    }

    @Test
    void partitionedUpsertByKeyTwice() throws Exception {
        project("""
                    sink:
                      partition: [city]
                    writeStrategy:
                      type: UPSERT_BY_KEY
                      key: [id]
                """);
        stage("customers-1.csv", "id,name,city\n1,a,Paris\n2,b,Lyon\n");
        assertThat(load().exit).isZero();
        stage("customers-2.csv", "id,name,city\n2,B,Lyon\n3,c,Lille\n");
        Result r2 = load();
        assertThat(r2.exit).as(r2.output).isZero();
        assertThat(rows()).containsExactlyInAnyOrder("1:a:Paris", "2:B:Lyon", "3:c:Lille");
    }

    @Test
    void scd2ThreeLoads() throws Exception {
        project("""
                    writeStrategy:
                      type: SCD2
                      key: [id]
                      timestamp: updated
                """, """
                    - name: updated
                      type: timestamp
                """);
        stage("customers-1.csv", "id,name,city,updated\n1,a,Paris,2024-01-01 00:00:00\n2,b,Lyon,2024-01-01 00:00:00\n");
        assertThat(load().exit).isZero();
        stage("customers-2.csv", "id,name,city,updated\n1,a,Nice,2024-02-01 00:00:00\n2,b,Old,2023-12-01 00:00:00\n");
        assertThat(load().exit).isZero();
        stage("customers-3.csv", "id,name,city,updated\n1,a,Lille,2024-03-01 00:00:00\n3,c,Metz,2024-03-01 00:00:00\n");
        Result r3 = load();
        assertThat(r3.exit).as(r3.output).isZero();
        List<String> rows = Parquet.readAll(root.resolve("datasets/warehouse/shop/customers")).stream()
                .map(g -> g.get("id") + ":" + g.get("city") + ":" + day(g.get("sl_start_ts")) + ".."
                        + day(g.get("sl_end_ts"))).toList();
        assertThat(rows).containsExactlyInAnyOrder(
                "1:Paris:2024-01-01..2024-02-01", "1:Nice:2024-02-01..2024-03-01", "1:Lille:2024-03-01..null",
                "2:Lyon:2024-01-01..null", "3:Metz:2024-03-01..null");
    }

    @Test
    void overwriteByPartitionTwice() throws Exception {
        project("""
                    sink:
                      partition: [city]
                    writeStrategy:
                      type: OVERWRITE_BY_PARTITION
                """);
        stage("customers-1.csv", "id,name,city\n1,a,Paris\n2,b,Lyon\n3,c,Lyon\n");
        assertThat(load().exit).isZero();
        stage("customers-2.csv", "id,name,city\n4,d,Lyon\n5,e,Nice\n");
        assertThat(load().exit).isZero();
        assertThat(rows()).containsExactlyInAnyOrder("1:a:Paris", "4:d:Lyon", "5:e:Nice");
    }

    @Test
    void deleteThenInsertTwice() throws Exception {
        project("""
                    writeStrategy:
                      type: DELETE_THEN_INSERT
                      key: [id]
                """);
        stage("customers-1.csv", "id,name,city\n1,a,Paris\n1,a2,Paris\n2,b,Lyon\n");
        assertThat(load().exit).isZero();
        stage("customers-2.csv", "id,name,city\n1,x,Nice\n1,y,Nice\n");
        assertThat(load().exit).isZero();
        assertThat(rows()).containsExactlyInAnyOrder("1:x:Nice", "1:y:Nice", "2:b:Lyon");
    }

    private static String day(Object epochMillis) {
        return epochMillis == null ? "null"
                : java.time.Instant.ofEpochMilli((Long) epochMillis).toString().substring(0, 10);
    }

    @Test
    void upsertWithoutKeyOrWithAnUnknownKeyFailsBeforeAnyFileMoves() throws Exception {
        project("""
                    writeStrategy:
                      type: UPSERT_BY_KEY
                """);
        stage("customers-1.csv", "id,name,city\n1,a,Paris\n");
        Result r = load();
        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("metadata/load/shop/customers.sl.yml:7: writeStrategy UPSERT_BY_KEY needs 'key'");
        assertThat(root.resolve("datasets/stage/shop/customers-1.csv")).exists();

        project("""
                    writeStrategy:
                      type: UPSERT_BY_KEY
                      key: [nope]
                """);
        r = load();
        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("nope");
        assertThat(root.resolve("datasets/stage/shop/customers-1.csv")).exists();
        assertThat(root.resolve("datasets/warehouse/shop/customers")).doesNotExist();
    }

    // ------------------------------------------------------------------ helpers

    record Result(int exit, String output) {
    }

    private void project(String tableMetadata) throws IOException {
        project(tableMetadata, "");
    }

    private void project(String tableMetadata, String moreAttributes) throws IOException {
        Path dir = root.resolve("metadata/load/shop");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("_config.sl.yml"), """
                version: 1
                load:
                  name: shop
                  metadata:
                    format: DSV
                    separator: ","
                    withHeader: true
                """);
        Files.writeString(dir.resolve("customers.sl.yml"), """
                version: 1
                table:
                  name: customers
                  pattern: "customers.*"
                  metadata:
                """ + tableMetadata + """
                  attributes:
                    - name: id
                      type: long
                      required: true
                    - name: name
                      type: string
                    - name: city
                      type: string
                """ + moreAttributes);
    }

    private void stage(String name, String content) throws IOException {
        Path to = root.resolve("datasets/stage/shop").resolve(name);
        Files.createDirectories(to.getParent());
        Files.writeString(to, content);
    }

    private Result load() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("load", "--root", root.toString(), "--parallelism", "2"));
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        return new Result(exit, out + "\n" + err);
    }

    private List<String> rows() throws IOException {
        return Parquet.readAll(root.resolve("datasets/warehouse/shop/customers")).stream()
                .map(g -> g.get("id") + ":" + g.get("name") + ":" + g.get("city")).toList();
    }
}
