package dev.lakestation.schema.validation;

import dev.lakestation.schema.model.Trim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.TypeCatalog;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** trim → emptyIsNull → default → validate → convert → rename → script → privacy → filter → drop ignored. */
class OrderOfOperationsTest {

    static final TypeCatalog T = TypeCatalog.defaults();
    static final RecordContext CTX = RecordContext.of("file:///in/d/data_2024.csv",
            Clock.fixed(Instant.parse("2024-02-29T23:00:00Z"), ZoneOffset.UTC));

    static SlType type(String n) {
        return T.find(n).orElseThrow();
    }

    static GenericRecord accepted(ValidationResult r) {
        assertThat(r).isInstanceOf(ValidationResult.Accepted.class);
        return ((ValidationResult.Accepted) r).record();
    }

    @Test
    void trimThenEmptyIsNullThenDefault() {
        RecordSpec spec = RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("a", type("long")).trim(Trim.BOTH).defaultValue("42").required(true).build())
                .field(FieldSpec.builder("b", type("string")).trim(Trim.LEFT).build())
                .field(FieldSpec.builder("c", type("string")).trim(Trim.RIGHT).build())
                .field(FieldSpec.builder("d", type("string")).build())
                .build();
        RecordValidator v = RecordValidator.of(spec);
        // "   " trims to "" which becomes null which takes the default: accepted although required
        GenericRecord r = accepted(v.bindPositional().validate(new String[] {"   ", "  x  ", "  y  ", ""}, CTX));
        assertThat(r.get("a")).isEqualTo(42L);
        assertThat(r.get("b")).isEqualTo("x  ");
        assertThat(r.get("c")).isEqualTo("  y");
        assertThat(r.get("d")).isNull();
        assertThat(accepted(v.bindPositional().validate(new String[] {" 7 ", null, null, null}, CTX)).get("a")).isEqualTo(7L);

        RecordValidator keepEmpty = RecordValidator.of(RecordSpec.builder("d", "t").fields(spec.fields())
                .emptyIsNull(false).build());
        // without emptyIsNull the trimmed empty string is validated as a long and fails
        Rejection rej = ((ValidationResult.Rejected) keepEmpty.bindPositional()
                .validate(new String[] {"   ", "", "", ""}, CTX)).rejection();
        assertThat(rej.errors()).containsExactly("`a` (long) doesn't match pattern `-?\\d+`");
        assertThat(accepted(keepEmpty.bindPositional().validate(new String[] {"1", "", "", ""}, CTX)).get("d"))
                .isEqualTo("");
    }

    @Test
    void renameScriptPrivacyFilterAndIgnore() {
        RecordSpec spec = RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("id", type("long")).rename("client_id").build())
                .field(FieldSpec.builder("zip", type("string")).build())
                .field(FieldSpec.builder("secret", type("string")).privacy("MD5").build())
                .field(FieldSpec.builder("gender", type("string")).ignore(true).build())
                .field(FieldSpec.builder("code", type("string")).privacy("sql:upper(code) || '-' || client_id").build())
                .field(FieldSpec.builder("short_zip", type("string")).script("substring(zip, 0, 3)").build())
                .field(FieldSpec.builder("twice", type("long")).script("client_id * 2").build())
                .field(FieldSpec.builder("from_script", type("string")).script("concat(short_zip, '/', twice)").build())
                .field(FieldSpec.builder("secret_len", type("long")).script("length(secret)").build())
                .field(FieldSpec.builder("g", type("string")).script("gender").build())
                .field(FieldSpec.builder("file", type("string")).script("regexp_extract(sl_input_file_name, '.+\\/(.+)$', 1)").build())
                .field(FieldSpec.builder("year", type("long")).script("year(current_date())").build())
                .filter("twice > 10 AND secret <> 'abc'")
                .build();
        RecordValidator v = RecordValidator.of(spec);
        assertThat(v.schema().getFields()).extracting(f -> f.name()).containsExactly(
                "client_id", "zip", "secret", "code", "short_zip", "twice", "from_script", "secret_len", "g", "file", "year");
        RecordValidator.FlatBinding b = v.bindPositional();

        GenericRecord r = accepted(b.validate(new String[] {"12", "77619", "abc", "F", "ab"}, CTX));
        assertThat(r.get("client_id")).isEqualTo(12L);
        assertThat(r.get("short_zip")).isEqualTo("776");
        assertThat(r.get("twice")).isEqualTo(24L);
        assertThat(r.get("from_script")).isEqualTo("776/24");
        assertThat(r.get("secret_len")).isEqualTo(3L); // script ran before privacy
        assertThat(r.get("secret")).isEqualTo("900150983cd24fb0d6963f7d28e17f72"); // md5("abc")
        assertThat(r.get("code")).isEqualTo("AB-12");
        assertThat(r.get("g")).isEqualTo("F"); // ignored columns are usable until dropped
        assertThat(r.get("file")).isEqualTo("data_2024.csv");
        assertThat(r.get("year")).isEqualTo(2024L);
        assertThat(r.getSchema().getField("gender")).isNull();

        // the filter sees values after privacy: 'abc' is hashed, so the second clause is true; twice = 4 fails
        assertThat(b.validate(new String[] {"2", "1", "abc", "M", "x"}, CTX)).isInstanceOf(ValidationResult.Filtered.class);
        // an ignored column is still validated first
        RecordSpec strict = RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("n", type("long")).ignore(true).build()).field(FieldSpec.builder("m", type("long")).build()).build();
        assertThat(((ValidationResult.Rejected) RecordValidator.of(strict).bindPositional()
                .validate(new String[] {"x", "1"}, CTX)).rejection().errors()).containsExactly("`n` (long) doesn't match pattern `-?\\d+`");
    }

    @Test
    void scriptsReadNestedFields() {
        RecordSpec spec = RecordSpec.builder("d", "t")
                .field(FieldSpec.struct("item", List.of(
                        FieldSpec.builder("price", type("decimal")).rename("unit_price").build(),
                        FieldSpec.builder("qty", type("int")).build())).build())
                .field(FieldSpec.builder("total", type("decimal")).script("item.unit_price * item.qty").build())
                .field(FieldSpec.builder("label", type("string")).script("cast(item.qty as string) || 'x'").build())
                .build();
        GenericRecord r = accepted(RecordValidator.of(spec).validate(
                Map.of("item", Map.of("price", "2.50", "qty", "4")), CTX));
        assertThat(decimal(r, "total")).isEqualByComparingTo("10");
        assertThat(r.get("label")).isEqualTo("4x");
    }

    @Test
    void headerBindingDropsUnknownColumnsAndDefaultsMissingOnes() {
        RecordSpec spec = RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("a", type("long")).build())
                .field(FieldSpec.builder("b", type("string")).defaultValue("none").build())
                .field(FieldSpec.builder("c", type("date")).build())
                .build();
        RecordValidator v = RecordValidator.of(spec);
        GenericRecord r = accepted(v.bindHeader(List.of("extra", "c", "a")).validate(new String[] {"zzz", "2024-01-31", "5"}, CTX));
        assertThat(r.get("a")).isEqualTo(5L);
        assertThat(r.get("b")).isEqualTo("none");
        assertThat(r.get("c")).isEqualTo((int) java.time.LocalDate.of(2024, 1, 31).toEpochDay());
        // short rows: missing trailing values are null
        GenericRecord shortRow = accepted(v.bindPositional().validate(new String[] {"1"}, CTX));
        assertThat(shortRow.get("b")).isEqualTo("none");
        assertThat(shortRow.get("c")).isNull();
    }

    @Test
    void treeInputKeepsTypedValuesAndAppliesTheSameSteps() {
        RecordSpec spec = RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("price", type("double")).build())
                .field(FieldSpec.builder("flag", type("boolean")).build())
                .field(FieldSpec.builder("n", type("long")).rename("count").build())
                .field(FieldSpec.builder("name", type("string")).trim(Trim.BOTH).defaultValue("anon").build())
                .field(FieldSpec.builder("label", type("string")).script("name || ':' || count").build())
                .build();
        RecordValidator v = RecordValidator.of(spec);
        GenericRecord r = accepted(v.validate(Map.of("price", 1.5, "flag", true, "n", 3L, "name", "  "), CTX));
        assertThat(r.get("price")).isEqualTo(1.5);
        assertThat(r.get("flag")).isEqualTo(true);
        assertThat(r.get("count")).isEqualTo(3L);
        assertThat(r.get("name")).isEqualTo("anon");
        assertThat(r.get("label")).isEqualTo("anon:3");
    }

    static java.math.BigDecimal decimal(GenericRecord r, String field) {
        org.apache.avro.Schema s = r.getSchema().getField(field).schema();
        org.apache.avro.Schema fixed = s.getType() == org.apache.avro.Schema.Type.UNION ? s.getTypes().get(1) : s;
        return new org.apache.avro.Conversions.DecimalConversion().fromFixed(
                (org.apache.avro.generic.GenericFixed) r.get(field), fixed, fixed.getLogicalType());
    }
}
