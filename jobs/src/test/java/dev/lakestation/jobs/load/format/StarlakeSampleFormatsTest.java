package dev.lakestation.jobs.load.format;

import dev.lakestation.schema.project.Project;
import dev.lakestation.schema.model.Table;
import dev.lakestation.schema.project.ProjectLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.lakestation.jobs.load.format.FormatTestSupport.drain;
import static dev.lakestation.jobs.load.format.FormatTestSupport.flink;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Starlake sample case read through the real path: the sample's YAML installed as a project, loaded by
 * {@link ProjectLoader}, {@link FormatSpec#of} from the table's merged metadata, the sample data read.
 */
class StarlakeSampleFormatsTest {
    private static final Path SAMPLES = locate();

    @TempDir
    Path root;

    private static Path locate() {
        return Path.of("../schemas/src/test/resources/starlake-samples"); // the repository's one copy
    }

    /** Installs a domain file and table files as metadata/load/domain/, with the sample types. */
    private Table table(String domain, String domainFile, String tableName, String... tableFiles) throws IOException {
        Path d = Files.createDirectories(root.resolve("metadata/load/" + domain));
        Files.copy(SAMPLES.resolve(domainFile), d.resolve("_config.sl.yml"));
        for (String t : tableFiles) {
            Path src = SAMPLES.resolve(t);
            String name = t.contains("account_position") ? "account.sl.yml" : src.getFileName().toString();
            Files.copy(src, d.resolve(name));
        }
        Path types = Files.createDirectories(root.resolve("metadata/types"));
        Files.copy(SAMPLES.resolve("types/test-types.sl.yml"), types.resolve("types.sl.yml"));
        Project p = ProjectLoader.load(root, null).orThrow();
        return p.domain(domain).orElseThrow().table(tableName).orElseThrow();
    }

    private List<RawRecord> read(FormatSpec spec, String dataFile) throws IOException {
        try (RecordReader r = Readers.open(spec, flink(SAMPLES.resolve(dataFile)), 0, Long.MAX_VALUE)) {
            return drain(r);
        }
    }

    @Test
    void starbakeOrderLinesCsv() throws Exception {
        Table t = table("starbake", "starbake/load/starbake/_config.sl.yml", "order_lines",
                "starbake/load/starbake/order_lines.sl.yml");
        FormatSpec spec = FormatSpec.of(t, false);
        assertThat(spec.splittable("order-lines_202403011415.csv")).isTrue();
        try (RecordReader r = Readers.open(spec, flink(SAMPLES.resolve(
                "starbake/sample-data/starbake/order-lines_202403011415.csv")), 0, Long.MAX_VALUE)) {
            assertThat(r.inputColumns()).containsExactly("order_id", "product_id", "quantity", "sale_price");
            List<RawRecord> recs = drain(r);
            long lines = Files.readAllLines(SAMPLES.resolve("starbake/sample-data/starbake/order-lines_202403011415.csv"))
                    .stream().filter(l -> !l.isEmpty()).count();
            assertThat(recs).hasSize((int) lines - 1).allMatch(x -> x.error == null && x.fields.length == 4);
            assertThat(recs.get(0).fields).containsExactly("1", "10", "2", "18.18");
            assertThat(recs.get(0).line).isEqualTo(2);
        }
    }

    @Test
    void starbakeOrdersJsonArray() throws Exception {
        Table t = table("starbake", "starbake/load/starbake/_config.sl.yml", "orders",
                "starbake/load/starbake/orders.sl.yml");
        List<RawRecord> recs = read(FormatSpec.of(t, false), "starbake/sample-data/starbake/orders_202403011414.json");
        assertThat(recs).hasSize(100);
        assertThat(recs.get(0).tree).isEqualTo(Map.of("order_id", 1L, "customer_id", 6L,
                "timestamp", "2024-02-05T21:19:15.454Z", "status", "Cancelled"));
        assertThat(recs.get(0).line).isEqualTo(2);
    }

    @Test
    void starbakeProductsXml() throws Exception {
        Table t = table("starbake", "starbake/load/starbake/_config.sl.yml", "products",
                "starbake/load/starbake/products.sl.yml");
        try (RecordReader r = Readers.open(FormatSpec.of(t, true),
                flink(SAMPLES.resolve("starbake/sample-data/starbake/products.xml")), 0, Long.MAX_VALUE)) {
            assertThat(r.inputColumns()).containsExactly("product_id", "name", "price", "cost", "description", "category");
            List<RawRecord> recs = drain(r);
            assertThat(recs).hasSize(12);
            assertThat(recs.get(0).tree).containsEntry("product_id", "1").containsEntry("name", "Chocolate Cake")
                    .containsEntry("price", "17.12");
        }
    }

    @Test
    void dreamClientPipeWithoutHeader() throws Exception {
        Table t = table("dreamignore", "dsv_dream_client_noheader/dreamignore.sl.yml", "client",
                "dsv_dream_client_noheader/client.sl.yml");
        try (RecordReader r = Readers.open(FormatSpec.of(t, false), flink(SAMPLES.resolve(
                "dsv_dream_client_noheader/OneClient_Contact_20190101_090800_008.psv")), 0, Long.MAX_VALUE)) {
            assertThat(r.inputColumns()).isNull();
            List<RawRecord> recs = drain(r);
            assertThat(recs).hasSize(3);
            assertThat(recs).allMatch(x -> x.fields.length == 82);
            assertThat(recs.get(0).fields[0]).isEqualTo("12345678");
            assertThat(recs.get(0).fields[6]).isEqualTo("2011-08-16 02:35:00");
            assertThat(recs.get(0).fields[11]).isNull();    // empty value = nullValue "" (emptyIsNull)
            assertThat(recs.get(2).fields[45]).isEqualTo("XY LAS VEGAS CAESAR'S FORUM");
        }
    }

    @Test
    void positionAccount() throws Exception {
        Table t = table("position", "position_account/position.sl.yml", "account",
                "position_account/account_position.sl.yml");
        FormatSpec spec = FormatSpec.of(t, false);
        assertThat(spec.splittable("XPOSTBL")).isTrue();
        List<RawRecord> recs = read(spec, "position_account/XPOSTBL");
        assertThat(recs).hasSize(5);
        assertThat(recs.get(0).text).isEqualTo("C1111234449912345678901200024.06.2019F24.06.201924.06.2019");
        assertThat(recs).extracting(x -> x.line).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void jsonComplexWithError() throws Exception {
        Table t = table("json", "json_complex_with_error/json.sl.yml", "sample_json",
                "json_complex_with_error/sample_json.sl.yml");
        try (RecordReader r = Readers.open(FormatSpec.of(t, true),
                flink(SAMPLES.resolve("json_complex_with_error/complexWithError.json")), 0, Long.MAX_VALUE)) {
            assertThat(r.inputColumns()).containsExactly("email", "seconds", "millis", "textattr", "nullattr", "structAttr");
            List<RawRecord> recs = drain(r);
            assertThat(recs).hasSize(2);
            assertThat(recs.get(0).tree).containsEntry("email", "comet-test@dummy.com").containsEntry("seconds", 1631562189L);
            assertThat(recs.get(1).tree).doesNotContainKey("email");
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) recs.get(1).tree.get("structAttr");
            assertThat(s).containsEntry("decimalAttr", 3.225637256372)
                    .containsEntry("arrayOfString", Arrays.asList("strval1", "strval2", null))
                    .containsEntry("arrayOfInt", List.of(1L, 2L, 3L));
            assertThat(recs).extracting(x -> x.line).containsExactly(1L, 2L);
        }
    }

    @Test
    void xmlLocations() throws Exception {
        Table t = table("locations", "xml_locations/locations_domain.sl.yml", "locations",
                "xml_locations/locations.sl.yml");
        List<RawRecord> recs = read(FormatSpec.of(t, false), "xml_locations/locations.xml");
        assertThat(recs).extracting(x -> x.tree).containsExactly(
                Map.of("_continent", "America", "id", "1", "name", "New York", "seconds", "1631562189",
                        "millis", "1631562190"),
                Map.of("_continent", "Europe", "id", "2", "name", "Paris", "seconds", "1631562191",
                        "millis", "1631562192"));
    }
}
