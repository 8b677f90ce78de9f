package dev.lakestation.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakestation.schema.types.TypeCatalog;
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
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The Starlake sample cases at the record level, with the outcomes their READMEs state. */
class StarlakeSamplesTest {

    static final Path TYPES = SampleSpecs.ROOT.resolve("types");
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

    static BigDecimal decimal(GenericRecord r, String field) {
        Schema s = r.getSchema().getField(field).schema();
        Schema fixed = s.getType() == Schema.Type.UNION ? s.getTypes().get(1) : s;
        int scale = ((LogicalTypes.Decimal) fixed.getLogicalType()).getScale();
        return new BigDecimal(new BigInteger(((GenericFixed) r.get(field)).bytes()), scale);
    }

    @Test
    void positionAccountLoadsFiveRows() throws Exception {
        Path dir = SampleSpecs.ROOT.resolve("position_account");
        TypeCatalog types = SampleSpecs.catalog(TYPES.resolve("test-types.sl.yml"), dir.resolve("types.sl.yml"));
        Path table = dir.resolve("account_position.sl.yml");
        RecordSpec spec = SampleSpecs.spec("position", table, types);
        RecordValidator validator = RecordValidator.of(spec);
        List<int[]> positions = SampleSpecs.positions(table);
        RecordValidator.FlatBinding binding = validator.bindPositional();
        RecordContext ctx = RecordContext.of("file:///datasets/ingesting/position/XPOSTBL", CLOCK);

        List<ValidationResult> results = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("XPOSTBL"));
        for (String line : lines) {
            String[] row = new String[positions.size()];
            for (int i = 0; i < row.length; i++) {
                int[] p = positions.get(i);
                row[i] = line.substring(Math.min(p[0], line.length()), Math.min(p[1] + 1, line.length()));
            }
            results.add(binding.validate(row, ctx));
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
        Path dir = SampleSpecs.ROOT.resolve("json_complex_with_error");
        TypeCatalog types = SampleSpecs.catalog(TYPES.resolve("test-types.sl.yml"));
        RecordValidator validator = RecordValidator.of(SampleSpecs.spec("json", dir.resolve("sample_json.sl.yml"), types));
        String file = "file:///datasets/ingesting/json/complexWithError.json";
        RecordContext ctx = RecordContext.of(file, CLOCK);
        List<ValidationResult> results = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("complexWithError.json"))) {
            results.add(validator.validate(tree(JSON.readTree(line)), ctx));
        }
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
        Path dir = SampleSpecs.ROOT.resolve("dsv_dream_client_noheader");
        TypeCatalog types = SampleSpecs.catalog(TYPES.resolve("test-types.sl.yml"));
        RecordValidator validator = RecordValidator.of(SampleSpecs.spec("dreamignore", dir.resolve("client.sl.yml"), types));
        RecordContext ctx = RecordContext.of(
                "file:///datasets/ingesting/dreamignore/OneClient_Contact_20190101_090800_008.psv", CLOCK);
        RecordValidator.FlatBinding binding = validator.bindPositional();
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
        Path dir = SampleSpecs.ROOT.resolve("xml_locations");
        TypeCatalog types = SampleSpecs.catalog(TYPES.resolve("test-types.sl.yml"));
        RecordValidator validator = RecordValidator.of(SampleSpecs.spec("locations", dir.resolve("locations.sl.yml"), types));
        RecordContext ctx = RecordContext.of("file:///datasets/ingesting/locations/locations.xml", CLOCK);
        List<ValidationResult> results = new ArrayList<>();
        for (Map<String, Object> element : xmlRows(dir.resolve("locations.xml"), "element")) {
            results.add(validator.validate(element, ctx));
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
