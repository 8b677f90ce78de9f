package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through {@code lakestation load}: never a crash, never a lost good row, always the file and line. Each
 * case on real files and a MiniCluster; outcomes read back from the table, the rejected rows and the audit.
 */
class BadInputLoadITCase {

    @TempDir
    Path root;

    private void project(String format, String extra) throws IOException {
        write("metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata: {format: %s, separator: ",", withHeader: true, writeStrategy: {type: APPEND}%s}
                """.formatted(format, extra));
        write("metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                    - {name: amount, type: decimal}
                """);
    }

    @Test
    void malformedDsvRowsAreRejectedWithTheirLineAndGoodRowsKept() throws Exception {
        project("DSV", "");
        byte[] bad = "6,caf\u00e9,1.0\n".getBytes(StandardCharsets.ISO_8859_1); // é as one Latin-1 byte: invalid UTF-8
        ByteArrayBuilder b = new ByteArrayBuilder()
                .add("id,name,amount\n")
                .add("1,Ada,10.5\n")                 // line 2 ok
                .add("2,\"Grace,20\n")               // line 3 unclosed quote
                .add("3,Linus,30,extra\n")           // line 4 too many values
                .add("4,Ken\n")                      // line 5 too few: amount null, accepted
                .add(bad)                            // line 6 invalid UTF-8
                .add("x,Dennis,1\n")                 // line 7 not a long
                .add("7,Frances,70");                // line 8 no final newline
        stageBytes("orders-1.csv", b.bytes());

        Result r = load();

        assertThat(r.exit).as(r.output).isZero();
        assertThat(table()).extracting(g -> g.get("id") + ":" + g.get("name"))
                .containsExactlyInAnyOrder("1:Ada", "4:Ken", "7:Frances");
        List<GenericRecord> rejected = Parquet.readAll(root.resolve("datasets/audit/rejected"));
        assertThat(rejected).extracting(g -> (Long) g.get("line")).containsExactlyInAnyOrder(3L, 4L, 6L, 7L);
        assertThat(rejected).allSatisfy(g -> assertThat(g.get("path").toString()).endsWith("orders-1.csv"));
        assertThat(byLine(rejected, 3)).containsIgnoringCase("quote");
        assertThat(byLine(rejected, 4)).contains("4 values where the header has 3 columns");
        assertThat(byLine(rejected, 6)).containsIgnoringCase("UTF-8");
        assertThat(byLine(rejected, 7)).contains("`id` (long) doesn't match pattern");
        assertThat(r.output).contains("shop.orders").contains("LOADED");
    }

    @Test
    void aRejectedRowOfALaterByteRangeSplitReportsItsLineInTheWholeFile() throws Exception {
        project("DSV", "");
        StringBuilder b = new StringBuilder("id,name,amount\n");
        int rows = 60_000; // ~2.5 MB: above the 1 MiB range minimum, so two readers each get a byte range
        for (int i = 1; i <= rows; i++) {
            b.append(i == 50_000 ? "bad" : String.valueOf(i)).append(",name-").append(i).append("-padding,").append(i)
                    .append(".5\n");
        }
        stage("orders-big.csv", b.toString());

        Result r = load();

        assertThat(r.exit).as(r.output).isZero();
        assertThat(table()).hasSize(rows - 1);
        List<GenericRecord> rejected = Parquet.readAll(root.resolve("datasets/audit/rejected"));
        assertThat(rejected).singleElement().satisfies(g -> {
            assertThat(g.get("line")).isEqualTo(50_001L); // header is line 1
            assertThat(g.get("error").toString()).contains("`id` (long) doesn't match pattern");
        });
    }

    @Test
    void aTruncatedJsonFileFailsTheTableWithFileAndPositionAndStaysInIngesting() throws Exception {
        project("JSON", "");
        stage("orders-1.json", "{\"id\": 1, \"name\": \"Ada\"}\n");
        assertThat(load().exit).isZero();
        stage("orders-2.json", "{\"id\": 2, \"name\": \"Grace\"}\n{\"id\": 3, \"na");

        Result r = load();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.output).contains("shop.orders: FAILED").contains("orders-2.json").containsIgnoringCase("json");
        assertThat(root.resolve("datasets/ingesting/shop/orders-2.json")).exists();
        assertThat(table()).extracting(g -> g.get("id")).containsExactly(1L); // previous version intact
        List<GenericRecord> audit = Parquet.readAll(root.resolve("datasets/audit/audit"));
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.get("success")).isEqualTo(false);
            assertThat(a.get("message").toString()).contains("orders-2.json");
        });

        // the user fixes the file in place; the next load picks it up from ingesting
        Files.writeString(root.resolve("datasets/ingesting/shop/orders-2.json"), "{\"id\": 2, \"name\": \"Grace\"}\n");
        assertThat(load().exit).isZero();
        assertThat(table()).extracting(g -> g.get("id")).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aMalformedXmlFileFailsAloneAndTheOtherFilesOfTheLoadAreCommitted() throws Exception {
        write("metadata/load/shop/_config.sl.yml", """
                load:
                  name: shop
                  metadata: {format: XML, options: {rowTag: order}, writeStrategy: {type: APPEND}}
                """);
        write("metadata/load/shop/orders.sl.yml", """
                table:
                  name: orders
                  pattern: "orders.*"
                  attributes:
                    - {name: id, type: long, required: true}
                    - {name: name, type: string}
                """);
        stage("orders-1.xml", "<orders><order><id>1</id><name>Ada</name></order></orders>");
        stage("orders-2.xml", "<orders><order><id>2</id><name>Grace</name></order>\n<order><id>3</id><na");
        stage("orders-3.xml", "<orders><order><id>4</id><name>Ken</name></order></orders>");

        Result r = load();

        // Starlake runs a job per file: only the malformed one fails, with its file and position
        assertThat(r.exit).as(r.output).isEqualTo(1);
        assertThat(r.output).contains("shop.orders: FAILED").contains("orders-2.xml:2")
                .contains("the other files were loaded");
        assertThat(table()).extracting(g -> g.get("id")).containsExactlyInAnyOrder(1L, 4L);
        assertThat(root.resolve("datasets/ingesting/shop/orders-2.xml")).exists();
        assertThat(root.resolve("datasets/ingesting/shop/orders-1.xml")).doesNotExist();
        assertThat(root.resolve("datasets/archive/shop/orders-1.xml")).exists();
        assertThat(root.resolve("datasets/archive/shop/orders-3.xml")).exists();
        List<GenericRecord> audit = Parquet.readAll(root.resolve("datasets/audit/audit"));
        assertThat(audit).hasSize(2).anySatisfy(a -> {
            assertThat(a.get("success")).isEqualTo(false);
            assertThat(a.get("paths").toString()).endsWith("orders-2.xml").doesNotContain("orders-1");
        }).anySatisfy(a -> {
            assertThat(a.get("success")).isEqualTo(true);
            assertThat(a.get("countAccepted")).isEqualTo(2L);
            assertThat(a.get("paths").toString()).contains("orders-1.xml").contains("orders-3.xml")
                    .doesNotContain("orders-2");
        });
    }

    @Test
    void emptyZeroByteAndHeaderOnlyFilesLoadNothingWithoutError() throws Exception {
        project("DSV", "");
        stage("orders-empty.csv", "\n");
        stage("orders-zero.csv", "");
        stage("orders-header.csv", "id,name,amount\n");

        Result r = load();

        assertThat(r.exit).as(r.output).isZero();
        assertThat(table()).isEmpty();
        assertThat(root.resolve("datasets/archive/shop/orders-zero.csv")).exists();
        assertThat(root.resolve("datasets/archive/shop/orders-header.csv")).exists();
    }

    @Test
    void aFileNameWithSpacesAndUnicodeLoads() throws Exception {
        project("DSV", "");
        stage("orders 2024 é✓.csv", "id,name,amount\n1,Zoë,1.5\n");

        Result r = load();

        assertThat(r.exit).as(r.output).isZero();
        assertThat(table()).singleElement().satisfies(g -> assertThat(g.get("name").toString()).isEqualTo("Zoë"));
        assertThat(root.resolve("datasets/archive/shop/orders 2024 é✓.csv")).exists();
    }

    @Test
    void aStagedSymlinkLeavingTheRootIsRefusedAndLeftInPlace(@TempDir Path outside) throws Exception {
        project("DSV", "");
        Path secret = Files.writeString(outside.resolve("secret.csv"), "id,name,amount\n1,x,1\n");
        Path link = root.resolve("datasets/stage/shop/orders-link.csv");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, secret);

        Result r = load();

        assertThat(r.exit).isEqualTo(1);
        assertThat(r.output).contains("orders-link.csv").contains("refused").contains("outside the project root");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(secret).hasContent("id,name,amount\n1,x,1\n");
    }

    // ------------------------------------------------------------------ helpers

    record Result(int exit, String output) {
    }

    private Result load() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), "load", "--root", root.toString(),
                "--parallelism", "2");
        return new Result(exit, out + "\n" + err);
    }

    private List<GenericRecord> table() throws IOException {
        Path t = root.resolve("datasets/warehouse/shop/orders");
        return Files.exists(t) ? Parquet.readAll(t) : List.of();
    }

    private static String byLine(List<GenericRecord> rejected, long line) {
        return rejected.stream().filter(g -> Long.valueOf(line).equals(g.get("line"))).findFirst().orElseThrow()
                .get("error").toString();
    }

    private void write(String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void stage(String name, String content) throws IOException {
        stageBytes(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private void stageBytes(String name, byte[] content) throws IOException {
        Path p = root.resolve("datasets/stage/shop").resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    private static final class ByteArrayBuilder {
        private final List<byte[]> parts = new ArrayList<>();

        ByteArrayBuilder add(String s) {
            return add(s.getBytes(StandardCharsets.UTF_8));
        }

        ByteArrayBuilder add(byte[] b) {
            parts.add(b);
            return this;
        }

        byte[] bytes() {
            int n = parts.stream().mapToInt(p -> p.length).sum();
            byte[] out = new byte[n];
            int at = 0;
            for (byte[] p : parts) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            return out;
        }
    }
}
