package dev.lakestation.schema.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.schema.model.Domain;
import dev.lakestation.schema.validation.RecordContext;
import dev.lakestation.schema.validation.RecordValidator;
import dev.lakestation.schema.validation.Rejection;
import dev.lakestation.schema.validation.ValidationResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Starlake sample cases at the record level, with the outcomes their READMEs state, through the real path a
 * load takes: project on disk → {@link ProjectLoader} → {@link TableValidator} → records.
 */
class StarlakeSampleRecordsTest {

    static final Path SAMPLES = Path.of("src/test/resources/starlake-samples");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T10:00:00Z"), ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    record Outcome(List<GenericRecord> accepted, List<Rejection> rejected) {
    }

    static Outcome collect(List<ValidationResult> results) {
        List<GenericRecord> ok = new ArrayList<>();
        List<Rejection> ko = new ArrayList<>();
        for (ValidationResult r : results) {
            if (r instanceof ValidationResult.Accepted a) {
                ok.add(a.record());
            } else if (r instanceof ValidationResult.Rejected x) {
                ko.add(x.rejection());
            }
        }
        return new Outcome(ok, ko);
    }

    @TempDir
    Path root;

    private TableValidator table(Path project, String domain, String table) {
        LoadResult r = ProjectLoader.load(project, null);
        assertThat(r.problems()).as("problems").isEmpty();
        return TableValidator.of(r.orThrow(), domain, table);
    }

    static BigDecimal decimal(GenericRecord r, String field) {
        Schema s = r.getSchema().getField(field).schema();
        Schema fixed = s.getType() == Schema.Type.UNION ? s.getTypes().get(1) : s;
        int scale = ((LogicalTypes.Decimal) fixed.getLogicalType()).getScale();
        return new BigDecimal(new BigInteger(((GenericFixed) r.get(field)).bytes()), scale);
    }

    @Test
    void positionAccountLoadsFiveRows() throws Exception {
        Path dir = SAMPLES.resolve("position_account");
        TableValidator tv = table(SampleProjects.position(root), "position", "account");
        RecordContext ctx = RecordContext.of("file:///datasets/ingesting/position/XPOSTBL", CLOCK);

        List<ValidationResult> results = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("XPOSTBL"));
        for (String line : lines) {
            results.add(tv.validateLine(line, ctx));
        }
        Outcome out = collect(results);
        assertThat(out.rejected()).isEmpty();
        assertThat(out.accepted()).hasSize(5);
        GenericRecord first = out.accepted().get(0);
        assertThat(first.getSchema().getField("calculatedCode")).isNotNull();
        assertThat(first.getSchema().getField("fileName")).isNotNull();
        assertThat(first.get("fileName")).isEqualTo("file:///datasets/ingesting/position/XPOSTBL");
        // scripts run before privacy: calculatedCode sees the clear bancode; code0 'C' is a byte (its char code)
        assertThat(first.get("calculatedCode")).isEqualTo("67-1-11234-");
        assertThat(first.get("bancode")).isEqualTo(dev.lakestation.schema.privacy.Digests.hex("MD5", "11234"));
        assertThat(first.get("account")).isEqualTo("4499123456789012000");
        assertThat(first.get("date1")).isEqualTo((int) LocalDate.of(2019, 6, 24).toEpochDay());
        assertThat(first.get("date3")).isEqualTo((int) LocalDate.of(2019, 6, 24).toEpochDay());
        assertThat(out.accepted().get(3).get("date3")).isEqualTo((int) LocalDate.of(2019, 6, 25).toEpochDay());
        assertThat(first.get("year")).isEqualTo(2024L);
        assertThat(first.get("month")).isEqualTo(3L);
        assertThat(first.get("day")).isEqualTo(15L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonComplexWithErrorAcceptsOneAndRejectsTheMissingEmail() throws Exception {
        Path dir = SAMPLES.resolve("json_complex_with_error");
        TableValidator tv = table(SampleProjects.json(root), "json", "sample_json");
        RecordValidator validator = tv.validator();
        String file = "file:///datasets/ingesting/json/complexWithError.json";
        RecordContext ctx = RecordContext.of(file, CLOCK);
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("complexWithError.json"))) {
            records.add(tree(JSON.readTree(line)));
        }
        // the file's schema (union of its records' keys) has `email`: the second record's is null, not absent
        RecordValidator.TreeBinding binding = tv.bindTree(TableValidator.fieldNames(records));
        List<ValidationResult> results = records.stream().map(r -> binding.validate(r, ctx)).toList();
        Outcome out = collect(results);
        assertThat(out.accepted()).hasSize(1);
        assertThat(out.rejected()).hasSize(1);
        assertThat(out.rejected().get(0).errors()).containsExactly("`email`  can't be null");
        assertThat(out.rejected().get(0).render(file))
                .isEqualTo("ERR -> \n`email`  can't be null\n\nFILE -> " + file);

        GenericRecord ok = out.accepted().get(0);
        assertThat(ok.get("seconds")).isEqualTo(ok.get("millis")).isEqualTo(1631562189000L);
        assertThat(ok.get("email_domain")).isEqualTo("dummy.com");
        assertThat(ok.get("source_file_name")).isEqualTo("complexWithError.json");
        assertThat(ok.get("nullattr")).isNull();
        GenericRecord struct = (GenericRecord) ok.get("structAttr");
        assertThat(struct.get("intAttr")).isEqualTo(1L);
        assertThat(decimal(struct, "decimalAttr")).isEqualTo(new BigDecimal("3.225637256"));
        assertThat(struct.get("doubleAttr")).isEqualTo(1.2);
        assertThat((List<Object>) struct.get("arrayOfString")).containsExactly("strval1", "strval2", null);
        assertThat((List<Object>) struct.get("arrayOfInt")).containsExactly(1L, 2L, 3L);
        assertThat(GenericData.get().validate(validator.schema(), ok)).isTrue();

        // the valid variant has no rejection
        List<ValidationResult> valid = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("complex.json"))) {
            valid.add(validator.validate(tree(JSON.readTree(line)), ctx));
        }
        assertThat(collect(valid).rejected()).isEmpty();
        assertThat(collect(valid).accepted()).hasSize(1);
    }

    @Test
    void dsvDreamClientWithoutHeaderIgnoresGenderAndAddsScripts() throws Exception {
        Path dir = SAMPLES.resolve("dsv_dream_client_noheader");
        TableValidator tv = table(SampleProjects.dsvDream(root), "dreamignore", "client");
        RecordValidator validator = tv.validator();
        RecordContext ctx = RecordContext.of(
                "file:///datasets/ingesting/dreamignore/OneClient_Contact_20190101_090800_008.psv", CLOCK);
        assertThat(tv.table().metadata().resolveWithHeader()).isFalse();
        RecordValidator.FlatBinding binding = tv.bindPositional();
        List<ValidationResult> results = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("OneClient_Contact_20190101_090800_008.psv"))) {
            results.add(binding.validate(line.split("\\|", -1), ctx));
        }
        Outcome out = collect(results);
        assertThat(out.rejected()).isEmpty();
        assertThat(out.accepted()).hasSize(3);
        assertThat(validator.schema().getField("gender")).isNull();

        List<String> expectedLines = Files.readAllLines(dir.resolve("expected_accepted_clientignore.json"));
        for (int i = 0; i < 3; i++) {
            GenericRecord rec = out.accepted().get(i);
            JsonNode expected = JSON.readTree(expectedLines.get(i));
            Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                JsonNode v = e.getValue();
                Schema.Field field = rec.getSchema().getField(name);
                assertThat(field).as(name).isNotNull();
                Object actual = rec.get(name);
                String logical = logicalName(field.schema());
                if ("decimal".equals(logical)) {
                    assertThat(decimal(rec, name)).as(name).isEqualByComparingTo(v.decimalValue());
                } else if ("date".equals(logical)) {
                    assertThat(LocalDate.ofEpochDay((Integer) actual).toString()).as(name).isEqualTo(v.asText());
                } else if (v.isNumber()) {
                    assertThat(((Number) actual).longValue()).as(name).isEqualTo(v.asLong());
                } else {
                    assertThat(actual).as(name).isEqualTo(v.asText());
                }
            }
            // values absent from the expected JSON are nulls there (Spark omits nulls) or partition/timestamp columns
            for (Schema.Field f : rec.getSchema().getFields()) {
                if (!expected.has(f.name()) && rec.get(f.name()) != null) {
                    assertThat(f.name()).isIn("customer_creation_date", "year", "month", "day");
                }
            }
        }
        assertThat(out.accepted().get(0).get("customer_creation_date"))
                .isEqualTo(Instant.parse("2011-08-16T02:35:00Z").toEpochMilli());
    }

    @Test
    void xmlLocationsAcceptsBothWithHashedContinent() throws Exception {
        Path dir = SAMPLES.resolve("xml_locations");
        TableValidator tv = table(SampleProjects.xml(root), "locations", "locations");
        RecordContext ctx = RecordContext.of("file:///datasets/ingesting/locations/locations.xml", CLOCK);
        List<Map<String, Object>> rows = xmlRows(dir.resolve("locations.xml"), tv.table().metadata().rowTag().orElseThrow());
        RecordValidator.TreeBinding binding = tv.bindTree(TableValidator.fieldNames(rows));
        List<ValidationResult> results = new ArrayList<>();
        for (Map<String, Object> element : rows) {
            results.add(binding.validate(element, ctx));
        }
        Outcome out = collect(results);
        assertThat(out.rejected()).isEmpty();
        assertThat(out.accepted()).hasSize(2);
        List<Map<String, Object>> expected = xmlRows(dir.resolve("expected_accepted_locations.xml"), "element");
        for (int i = 0; i < 2; i++) {
            assertThat(out.accepted().get(i).get("_continent")).isEqualTo(expected.get(i).get("_continent"));
        }
        GenericRecord paris = out.accepted().get(1);
        assertThat(paris.get("name")).isEqualTo("Paris");
        assertThat(Instant.ofEpochMilli((Long) paris.get("seconds")).toString()).startsWith("2021");
        assertThat(Instant.ofEpochMilli((Long) paris.get("millis")).toString()).startsWith("1970");
    }

    /**
     * Starlake applies a POSITION table's {@code filter} to the raw line ({@code value}) before cutting and
     * validating it: lines whose {@code dtcode} (offset 37) is not {@code F} never reach the validator.
     */
    @Test
    void positionFilterRunsOnTheRawLineBeforeValidation() throws Exception {
        SampleProjects.position(root);
        Path tableFile = root.resolve("metadata/load/position/account.sl.yml");
        Files.writeString(tableFile, Files.readString(tableFile).replace("  pattern: \".*TBL\"\n",
                "  pattern: \".*TBL\"\n  filter: \"substring(value, 38, 1) = 'F'\"\n"));
        TableValidator tv = table(root, "position", "account");
        assertThat(tv.lineFilter()).map(Object::toString).contains("substring(value, 38, 1) = 'F'");
        assertThat(tv.validator().spec().filter()).as("not applied again to the typed record").isNull();
        RecordContext ctx = RecordContext.of("XPOSTBL", CLOCK);
        List<ValidationResult> results = new ArrayList<>();
        for (String line : Files.readAllLines(SAMPLES.resolve("position_account/XPOSTBL"))) {
            results.add(tv.validateLine(line, ctx));
        }
        assertThat(results).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Accepted", "Filtered", "Filtered", "Accepted", "Accepted");
        assertThat(((ValidationResult.Filtered) results.get(1)).record()).isNull();
        // a line the filter keeps is still validated: a bad date is rejected, not filtered
        ValidationResult bad = tv.validateLine("C1111234449912345678901200024.13.2019F24.06.201924.06.2019", ctx);
        assertThat(((ValidationResult.Rejected) bad).rejection().errors())
                .containsExactly("`date1` (datefr) doesn't match pattern `dd.MM.yyyy`");
        // a short line: ranges past its end are empty, so required columns are null
        ValidationResult shortLine = tv.validateLine("C11112F", ctx);
        assertThat(shortLine).isInstanceOf(ValidationResult.Filtered.class);
        assertThat(tv.cut("C11112")).startsWith("C", "1", "1", "112", "");
    }

    /** A POSITION filter can only see {@code value}: naming a column is reported at load, with file and line. */
    @Test
    void positionFilterOnAColumnIsAProjectError() throws Exception {
        SampleProjects.position(root);
        Path tableFile = root.resolve("metadata/load/position/account.sl.yml");
        Files.writeString(tableFile, Files.readString(tableFile).replace("  pattern: \".*TBL\"\n",
                "  pattern: \".*TBL\"\n  filter: \"dtcode = 'F'\"\n"));
        LoadResult r = ProjectLoader.load(root, null);
        assertThat(r.errors()).extracting(Object::toString).singleElement().asString()
                .startsWith("metadata/load/position/account.sl.yml:6: table 'account': filter: ")
                .contains("dtcode");
    }

    /**
     * JSON: an attribute absent from the whole file is {@code is required}; absent from one record of a file
     * whose other records have it, it is {@code can't be null} (Spark's inferred schema has the column).
     */
    @Test
    void jsonIsRequiredVersusCantBeNull() throws Exception {
        TableValidator tv = table(SampleProjects.json(root), "json", "sample_json");
        RecordContext ctx = RecordContext.of("complex.json", CLOCK);
        List<String> lines = Files.readAllLines(SAMPLES.resolve("json_complex_with_error/complexWithError.json"));
        Map<String, Object> withEmail = tree(JSON.readTree(lines.get(0)));
        Map<String, Object> withoutEmail = tree(JSON.readTree(lines.get(1)));

        List<Map<String, Object>> mixed = List.of(withEmail, withoutEmail);
        RecordValidator.TreeBinding mixedFile = tv.bindTree(TableValidator.fieldNames(mixed));
        assertThat(mixedFile.validate(withEmail, ctx).isAccepted()).isTrue();
        assertThat(((ValidationResult.Rejected) mixedFile.validate(withoutEmail, ctx)).rejection().errors())
                .containsExactly("`email`  can't be null");

        List<Map<String, Object>> noEmailAtAll = List.of(withoutEmail, withoutEmail);
        RecordValidator.TreeBinding file = tv.bindTree(TableValidator.fieldNames(noEmailAtAll));
        assertThat(TableValidator.fieldNames(noEmailAtAll)).doesNotContain("email").contains("seconds", "structAttr");
        assertThat(((ValidationResult.Rejected) file.validate(withoutEmail, ctx)).rejection().errors())
                .containsExactly("`email` is required");
    }

    /** dsv_orders_header: header-bound DSV with `,`, output equals the expected CSV (int stored as long). */
    @Test
    void dsvOrdersHeaderOutputEqualsInput() throws Exception {
        TableValidator tv = table(SampleProjects.dsvOrders(root), "sales", "orders");
        List<String> lines = Files.readAllLines(SAMPLES.resolve("dsv_orders_header/orders.csv"));
        String sep = tv.table().metadata().resolveSeparator();
        assertThat(tv.table().metadata().resolveWithHeader()).isTrue();
        RecordValidator.FlatBinding b = tv.bindHeader(List.of(lines.get(0).split(sep)));
        List<String> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            GenericRecord rec = ((ValidationResult.Accepted) b.validate(l.split(sep), RecordContext.of("orders.csv")))
                    .record();
            out.add(rec.get("customer_id") + "," + rec.get("amount"));
        }
        assertThat(out).containsExactlyElementsOf(
                Files.readAllLines(SAMPLES.resolve("dsv_orders_header/_expected.csv")).subList(1, 4));
        assertThat(tv.schema().getField("amount").schema().toString()).contains("long");
    }

    /**
     * starbake (no counts asserted upstream): every row of its three sample files (DSV with quoted header, JSON
     * array, XML rowTag {@code record}) is accepted through the model's bindings, with typed values.
     */
    @Test
    @SuppressWarnings("unchecked")
    void starbakeSampleDataIsAllAccepted() throws Exception {
        Project p = ProjectLoader.load(SampleProjects.starbake(root), null).orThrow();
        Path data = SAMPLES.resolve("starbake/sample-data/starbake");
        Domain d = p.domain("starbake").orElseThrow();

        Path csv = data.resolve("order-lines_202403011415.csv");
        TableValidator lines = TableValidator.of(p, "starbake", d.findTable(csv.getFileName().toString()).orElseThrow().name());
        List<String> csvLines = Files.readAllLines(csv);
        String sep = lines.table().metadata().resolveSeparator();
        String quote = lines.table().metadata().resolveQuote();
        RecordValidator.FlatBinding header = lines.bindHeader(List.of(csvLines.get(0).replace(quote, "").split(sep)));
        RecordContext ctx = RecordContext.of(csv.toString(), CLOCK);
        Outcome l = collect(csvLines.subList(1, csvLines.size()).stream().map(x -> header.validate(x.split(sep), ctx)).toList());
        assertThat(l.rejected()).isEmpty();
        assertThat(l.accepted()).hasSize(100);
        assertThat(l.accepted().get(0).get("sale_price")).isEqualTo(18.18);

        Path json = data.resolve("orders_202403011414.json");
        TableValidator orders = TableValidator.of(p, "starbake", d.findTable(json.getFileName().toString()).orElseThrow().name());
        assertThat(orders.table().metadata().resolveArray()).isTrue();
        List<Map<String, Object>> docs = (List<Map<String, Object>>) plain(JSON.readTree(json.toFile()));
        RecordValidator.TreeBinding tree = orders.bindTree(TableValidator.fieldNames(docs));
        Outcome o = collect(docs.stream().map(x -> tree.validate(x, ctx)).toList());
        assertThat(o.rejected()).isEmpty();
        assertThat(o.accepted()).hasSize(docs.size()).hasSizeGreaterThanOrEqualTo(100);
        assertThat(o.accepted().get(0).get("timestamp")).isEqualTo(Instant.parse("2024-02-05T21:19:15.454Z").toEpochMilli());

        Path xml = data.resolve("products.xml");
        TableValidator products = TableValidator.of(p, "starbake", d.findTable(xml.getFileName().toString()).orElseThrow().name());
        List<Map<String, Object>> rows = xmlRows(xml, products.table().metadata().rowTag().orElseThrow());
        RecordValidator.TreeBinding xb = products.bindTree(TableValidator.fieldNames(rows));
        Outcome x = collect(rows.stream().map(r -> xb.validate(r, ctx)).toList());
        assertThat(x.rejected()).isEmpty();
        assertThat(x.accepted()).hasSize(12);
        assertThat(x.accepted().get(0).get("product_id")).isEqualTo(1L);
        assertThat(x.accepted().get(0).get("cost")).isEqualTo(14.55);
    }

    /** Jackson tree → plain Map/List/scalars, as a JSON reader hands records to the validator. */
    static Object plain(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.asText();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tree(JsonNode n) {
        return (Map<String, Object>) plain(n);
    }

    /** Rows of an XML file: attributes as {@code _name}, child elements as their text. */
    static List<Map<String, Object>> xmlRows(Path file, String rowTag) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        NodeList rows = doc.getElementsByTagName(rowTag);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < rows.getLength(); i++) {
            Element e = (Element) rows.item(i);
            Map<String, Object> m = new LinkedHashMap<>();
            NamedNodeMap attrs = e.getAttributes();
            for (int a = 0; a < attrs.getLength(); a++) {
                m.put("_" + attrs.item(a).getNodeName(), attrs.item(a).getNodeValue());
            }
            for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c.getNodeType() == Node.ELEMENT_NODE) {
                    m.put(c.getNodeName(), c.getTextContent());
                }
            }
            out.add(m);
        }
        return out;
    }

    static String logicalName(Schema s) {
        Schema t = s.getType() == Schema.Type.UNION ? s.getTypes().get(1) : s;
        return t.getLogicalType() == null ? null : t.getLogicalType().getName();
    }
}
