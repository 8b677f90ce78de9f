package dev.lakestation.jobs.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.jobs.cli.LakestationCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Starlake sample case end to end through {@code lakestation load}: the sample's YAML installed unchanged as a
 * project (only {@code __SL_TEST_ROOT__} replaced, as Starlake's tests do), its data file in the stage area, the
 * CLI run on a MiniCluster, then the table read back with parquet-avro, the rejected and audit rows, the archive.
 * Expected outcomes are those each sample's README states (from Starlake's own specs).
 */
class StarlakeSamplesLoadITCase {

    private static final Path SAMPLES = Path.of("../schemas/src/test/resources/starlake-samples"); // the repository's one copy

    @TempDir
    Path root;

    @Test
    void positionAccountLoadsFiveRowsIntoYearMonthDayPartitions() throws Exception {
        install("position_account/position.sl.yml", "position", "_config.sl.yml");
        install("position_account/account_position.sl.yml", "position", "account.sl.yml");
        types("position_account/types.sl.yml");
        stage("position_account/XPOSTBL", "position");

        Result r = load("--domains", "position");

        assertThat(r.exit).as(r.output).isZero();
        List<GenericRecord> rows = table("position", "account");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).getSchema().getField("calculatedCode")).isNotNull();
        assertThat(rows).allSatisfy(g -> assertThat(g.get("fileName").toString()).endsWith("XPOSTBL"));
        assertThat(rows).extracting(g -> g.get("account").toString()).contains("4499123456789012000");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(partitionFolders("position", "account")).containsExactly("year=" + today.getYear() + "/month="
                + today.getMonthValue() + "/day=" + today.getDayOfMonth());
        assertThat(rejected()).isEmpty();
        assertArchivedUnchanged("position", "position_account/XPOSTBL", "XPOSTBL");
        assertThat(audit()).singleElement().satisfies(a -> {
            assertThat(a.get("success")).isEqualTo(true);
            assertThat(a.get("countAccepted")).isEqualTo(5L);
            assertThat(a.get("step").toString()).isEqualTo("LOAD");
        });
    }

    @Test
    void jsonWithOneInvalidRecordAcceptsOneAndRejectsOneWithStarlakesText() throws Exception {
        install("json_complex_with_error/json.sl.yml", "json", "_config.sl.yml");
        install("json_complex_with_error/sample_json.sl.yml", "json", "sample_json.sl.yml");
        types("types/test-types.sl.yml");
        stage("json_complex_with_error/complexWithError.json", "json");

        Result r = load("--domains", "json");

        assertThat(r.exit).as(r.output).isZero();
        List<GenericRecord> rows = table("json", "sample_json");
        assertThat(rows).singleElement().satisfies(g -> {
            assertThat(g.get("email").toString()).isEqualTo("comet-test@dummy.com");
            assertThat(g.get("email_domain").toString()).isEqualTo("dummy.com");
            assertThat(g.get("source_file_name").toString()).isEqualTo("complexWithError.json");
            assertThat(((GenericRecord) g.get("structAttr")).get("intAttr")).isEqualTo(1L);
        });
        List<GenericRecord> bad = rejected();
        assertThat(bad).singleElement().satisfies(g -> {
            assertThat(g.get("error").toString()).startsWith("ERR -> \n").contains("`email`  can't be null")
                    .contains("FILE -> ");
            assertThat(g.get("domain").toString()).isEqualTo("json");
            assertThat(g.get("schema").toString()).isEqualTo("sample_json");
            assertThat(g.get("line")).isEqualTo(2L);
        });
        assertThat(audit()).singleElement().satisfies(a -> {
            assertThat(a.get("success")).isEqualTo(true);
            assertThat(a.get("count")).isEqualTo(2L);
            assertThat(a.get("countAccepted")).isEqualTo(1L);
            assertThat(a.get("countRejected")).isEqualTo(1L);
            assertThat(a.get("paths").toString()).endsWith("ingesting/json/complexWithError.json");
        });
        assertArchivedUnchanged("json", "json_complex_with_error/complexWithError.json", "complexWithError.json");
    }

    @Test
    void xmlLocationsAcceptsBothElementsWithEpochSecondsAndMillis() throws Exception {
        install("xml_locations/locations_domain.sl.yml", "locations", "_config.sl.yml");
        install("xml_locations/locations.sl.yml", "locations", "locations.sl.yml");
        types("types/test-types.sl.yml");
        stage("xml_locations/locations.xml", "locations");

        Result r = load("--domains", "locations");

        assertThat(r.exit).as(r.output).isZero();
        List<GenericRecord> rows = table("locations", "locations");
        assertThat(rows).hasSize(2);
        GenericRecord paris = rows.stream().filter(g -> g.get("name").toString().equals("Paris")).findFirst()
                .orElseThrow();
        // timestamp-millis: 1631562191 s = 2021-09-13, 1631562192 ms = 1970-01-19 (the README's "2021" / "1970")
        assertThat(paris.get("seconds")).isEqualTo(1631562191000L);
        assertThat(paris.get("millis")).isEqualTo(1631562192L);
        assertThat(paris.get("_continent").toString()).isEqualTo(md5("Europe"));
        assertThat(rejected()).isEmpty();
        assertArchivedUnchanged("locations", "xml_locations/locations.xml", "locations.xml");
    }

    @Test
    void dsvWithHeaderOutputEqualsInput() throws Exception {
        install("dsv_orders_header/_config.sl.yml", "sales", "_config.sl.yml");
        install("dsv_orders_header/orders.sl.yml", "sales", "orders.sl.yml");
        stage("dsv_orders_header/orders.csv", "sales");

        Result r = load("--domains", "sales", "--tables", "orders");

        assertThat(r.exit).as(r.output).isZero();
        assertThat(table("sales", "orders")).extracting(g -> g.get("customer_id") + "," + g.get("amount"))
                .containsExactlyInAnyOrder("1,10", "2,20", "1,30");
        assertThat(r.output).contains("sales.orders").contains("LOADED");
    }

    @Test
    void dsvWithoutHeaderDropsIgnoredColumnAndAddsScripts() throws Exception {
        install("dsv_dream_client_noheader/dreamignore.sl.yml", "dreamignore", "_config.sl.yml");
        install("dsv_dream_client_noheader/client.sl.yml", "dreamignore", "client.sl.yml");
        stage("dsv_dream_client_noheader/OneClient_Contact_20190101_090800_008.psv", "dreamignore");

        Result r = load("--domains", "dreamignore");

        assertThat(r.exit).as(r.output).isZero();
        List<GenericRecord> rows = table("dreamignore", "client");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getSchema().getField("gender")).isNull();
        assertThat(rows).extracting(g -> g.get("dream_id") + ":" + g.get("truncated_zip_code") + ":"
                + g.get("source_file_name")).containsExactlyInAnyOrder(
                "12345678:776:OneClient_Contact_20190101_090800_008.psv",
                "12345679:374:OneClient_Contact_20190101_090800_008.psv",
                "12345670:390:OneClient_Contact_20190101_090800_008.psv");
        assertThat(rejected()).isEmpty();
    }

    @Test
    void starbakeSampleDataLoadsEveryTable() throws Exception {
        copyTree(SAMPLES.resolve("starbake/load/starbake"), root.resolve("metadata/load/starbake"));
        for (Path f : list(SAMPLES.resolve("starbake/sample-data/starbake"))) {
            Files.createDirectories(root.resolve("datasets/stage/starbake"));
            Files.copy(f, root.resolve("datasets/stage/starbake").resolve(f.getFileName()));
        }
        Files.writeString(root.resolve("datasets/stage/starbake/nothing-matches.txt"), "x");

        Result r = load();

        assertThat(r.exit).as(r.output).isZero();
        assertThat(table("starbake", "order_lines")).hasSize(100);
        assertThat(table("starbake", "orders")).hasSize(100);
        assertThat(table("starbake", "products")).hasSize(12);
        assertThat(root.resolve("datasets/unresolved/starbake/nothing-matches.txt")).exists();
        assertThat(audit()).hasSize(3);
    }

    // ------------------------------------------------------------------ helpers

    record Result(int exit, String output) {
    }

    private Result load(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("load", "--root", root.toString(), "--parallelism", "2"));
        all.addAll(List.of(args));
        int exit = LakestationCli.run(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        return new Result(exit, out + "\n" + err);
    }

    private void install(String sample, String domain, String as) throws IOException {
        Path to = root.resolve("metadata/load").resolve(domain).resolve(as);
        Files.createDirectories(to.getParent());
        Files.writeString(to, Files.readString(SAMPLES.resolve(sample))
                .replace("__SL_TEST_ROOT__", root.resolve("incoming").toString()));
    }

    private void types(String sample) throws IOException {
        Path to = root.resolve("metadata/types").resolve(Path.of(sample).getFileName());
        Files.createDirectories(to.getParent());
        Files.copy(SAMPLES.resolve(sample), to);
    }

    private void stage(String sample, String domain) throws IOException {
        Path to = root.resolve("datasets/stage").resolve(domain).resolve(Path.of(sample).getFileName());
        Files.createDirectories(to.getParent());
        Files.copy(SAMPLES.resolve(sample), to);
    }

    private List<GenericRecord> table(String domain, String table) throws IOException {
        return Parquet.readAll(root.resolve("datasets/warehouse").resolve(domain).resolve(table));
    }

    private List<String> partitionFolders(String domain, String table) throws IOException {
        Path t = root.resolve("datasets/warehouse").resolve(domain).resolve(table).toRealPath();
        try (Stream<Path> s = Files.walk(t)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .map(p -> t.relativize(p.getParent()).toString()).distinct().toList();
        }
    }

    private List<GenericRecord> rejected() throws IOException {
        Path dir = root.resolve("datasets/audit/rejected");
        return Files.exists(dir) ? Parquet.readAll(dir) : List.of();
    }

    private List<GenericRecord> audit() throws IOException {
        return Parquet.readAll(root.resolve("datasets/audit/audit"));
    }

    private void assertArchivedUnchanged(String domain, String sample, String name) throws IOException {
        Path archived = root.resolve("datasets/archive").resolve(domain).resolve(name);
        assertThat(archived).exists();
        assertThat(Files.readAllBytes(archived)).isEqualTo(Files.readAllBytes(SAMPLES.resolve(sample)));
        assertThat(root.resolve("datasets/ingesting").resolve(domain).resolve(name)).doesNotExist();
    }

    private static String md5(String s) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder();
        for (byte x : d) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
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
