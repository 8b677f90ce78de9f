package dev.lakestation.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.TypeCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Starlake's exact error texts (RowValidatorSpec), flat and nested, with and without rejectWithValue. */
class RecordValidatorMessagesTest {

    static final TypeCatalog TYPES = TypeCatalog.defaults()
            .withTypes(List.of(SlType.of("string", PrimitiveType.STRING, ".*CONTAINS.*", null)));
    static final RecordContext CTX = RecordContext.of("/data/ingesting/d/file.csv");

    static FieldSpec f(String name, String type) {
        return FieldSpec.builder(name, TYPES.find(type).orElseThrow()).build();
    }

    static final String[] NAMES = {"timestamp", "date", "long", "int", "double", "decimal", "byte", "short", "string", "boolean"};
    static final String[] TYPE_NAMES = {"iso_date_time", "date", "long", "int", "double", "decimal", "byte", "short", "string", "boolean"};
    static final String[] BAD = {"2011-12-03 10:15:30+01:00", "2023-13-27", "a10", "9223372036854775808", "12,5",
        "012.5F-5", "more than one byte", "+", "string value\nthis is not the expected keyword: MISSING in \n the pattern.", "vrai"};
    static final String[] EXPECTED = {
        "`timestamp` (iso_date_time) doesn't match pattern `ISO_DATE_TIME`: 2011-12-03 10:15:30+01:00",
        "`date` (date) doesn't match pattern `yyyy-MM-dd`: 2023-13-27",
        "`long` (long) doesn't match pattern `-?\\d+`: a10",
        "`int` cannot be converted to `long` with sl type `int`: 9223372036854775808",
        "`double` (double) doesn't match pattern `[-+]?\\d*\\.?\\d+[Ee]?[-+]?\\d*`: 12,5",
        "`decimal` (decimal) doesn't match pattern `[-+]?\\d*\\.?\\d+[Ee]?[-+]?\\d*`: 012.5F-5",
        "`byte` (byte) doesn't match pattern `.`: more than one byte",
        "`short` (short) doesn't match pattern `-?\\d+`: +",
        "`string` (string) doesn't match pattern `.*CONTAINS.*`: string value\nthis is not the expected keyword: MISSING in \n the pattern.",
        "`boolean` (boolean) doesn't match pattern `(?i)true|yes|[y1]|t<-TF->(?i)false|no|[n0]|f`: vrai"};

    private static RecordSpec.Builder allTypes(String domain) {
        RecordSpec.Builder b = RecordSpec.builder(domain, "t");
        for (int i = 0; i < NAMES.length; i++) {
            b.field(f(NAMES[i], TYPE_NAMES[i]));
        }
        return b;
    }

    @Test
    void everyTypeErrorWithValue() {
        RecordValidator v = RecordValidator.of(allTypes("d").rejectWithValue(true).build());
        ValidationResult r = v.bindPositional().validate(BAD, CTX);
        assertThat(((ValidationResult.Rejected) r).rejection().errors()).containsExactly(EXPECTED);
    }

    @Test
    void everyTypeErrorWithoutValue() {
        RecordValidator v = RecordValidator.of(allTypes("d").build());
        List<String> errors = ((ValidationResult.Rejected) v.bindPositional().validate(BAD, CTX)).rejection().errors();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < EXPECTED.length; i++) {
            expected.add(EXPECTED[i].substring(0, EXPECTED[i].length() - BAD[i].length() - 2));
        }
        assertThat(errors).containsExactlyElementsOf(expected);
        assertThat(errors.get(3)).isEqualTo("`int` cannot be converted to `long` with sl type `int`");
    }

    @Test
    void nullRequiredAndMissingColumn() {
        RecordSpec spec = RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("email", TYPES.find("long").orElseThrow()).required(true).build())
                .field(FieldSpec.builder("mandatory_field", TYPES.find("long").orElseThrow()).required(true).build())
                .field(FieldSpec.builder("optional", TYPES.find("long").orElseThrow()).build())
                .build();
        RecordValidator v = RecordValidator.of(spec);
        RecordValidator.FlatBinding header = v.bindHeader(List.of("email", "other"));
        Rejection r = ((ValidationResult.Rejected) header.validate(new String[] {"", "x"}, CTX)).rejection();
        assertThat(r.errors()).containsExactly("`email`  can't be null", "`mandatory_field` is required");
        assertThat(r.render("/data/ingesting/d/file.csv")).isEqualTo(
                "ERR -> \n`email`  can't be null\n`mandatory_field` is required\n\nFILE -> /data/ingesting/d/file.csv");

        RecordValidator withValue = RecordValidator.of(RecordSpec.builder("d", "t").fields(spec.fields())
                .rejectWithValue(true).build());
        Rejection rv = ((ValidationResult.Rejected) withValue.bindHeader(List.of("email"))
                .validate(new String[] {null}, CTX)).rejection();
        // Starlake quotes the path as the value of "can't be null", and NULL for "is required"
        assertThat(rv.errors()).containsExactly("`email`  can't be null: email", "`mandatory_field` is required: NULL");
    }

    @Test
    void containerMismatchesAndNestedPaths() {
        FieldSpec array = FieldSpec.builder("should_be_array", TYPES.find("int").orElseThrow()).array(true).build();
        FieldSpec mandatory = FieldSpec.builder("mandatory_field", TYPES.find("long").orElseThrow()).required(true).build();
        FieldSpec ints = FieldSpec.builder("int_array", TYPES.find("int").orElseThrow()).array(true).build();
        FieldSpec struct = FieldSpec.struct("struct_root", List.of(
                f("long", "long"),
                FieldSpec.builder("req", TYPES.find("long").orElseThrow()).required(true).build())).build();
        FieldSpec arrayOfStruct = FieldSpec.struct("array_root", List.of(f("date", "date"))).array(true).build();
        FieldSpec scalar = f("scalar", "long");
        RecordValidator v = RecordValidator.of(RecordSpec.builder("d", "t")
                .fields(List.of(array, mandatory, ints, struct, arrayOfStruct, scalar)).rejectWithValue(true).build());

        Map<String, Object> rec = new HashMap<>();
        rec.put("should_be_array", 1L);
        rec.put("int_array", List.of("1", "a", "2", "b"));
        rec.put("struct_root", Map.of("long", "a10"));
        rec.put("array_root", List.of(Map.of("date", "2023-13-27")));
        rec.put("scalar", Map.of("x", 1));
        List<String> errors = ((ValidationResult.Rejected) v.validate(rec, CTX)).rejection().errors();
        assertThat(errors).containsExactly(
                "`should_be_array` is not an array: 1",
                "`mandatory_field`  can't be null: mandatory_field",
                "`int_array[1]` (int) doesn't match pattern `[-|\\+|0-9][0-9]*`: a",
                "`int_array[3]` (int) doesn't match pattern `[-|\\+|0-9][0-9]*`: b",
                "`struct_root.long` (long) doesn't match pattern `-?\\d+`: a10",
                "`struct_root.req`  can't be null: struct_root.req",
                "`array_root[0].date` (date) doesn't match pattern `yyyy-MM-dd`: 2023-13-27",
                "`scalar` expected to be a long but found struct: {\"x\":1}");

        Map<String, Object> wrongStruct = new LinkedHashMap<>();
        wrongStruct.put("mandatory_field", 1L);
        wrongStruct.put("struct_root", "flat");
        assertThat(((ValidationResult.Rejected) v.validate(wrongStruct, CTX)).rejection().errors())
                .containsExactly("`struct_root` expected to be a struct but found string: flat");

        Map<String, Object> listForScalar = Map.of("mandatory_field", List.of("1", "2"));
        assertThat(((ValidationResult.Rejected) v.validate(listForScalar, CTX)).rejection().errors())
                .containsExactly("`mandatory_field` expected to be a long but found string: [\"1\",\"2\"]",
                        // a null struct still has its required leaves checked, like Starlake
                        "`struct_root.req`  can't be null: struct_root.req");
    }

    @Test
    void treeBindingReportsFieldsAbsentFromTheFileAsRequired() {
        RecordValidator v = RecordValidator.of(RecordSpec.builder("json", "t")
                .field(FieldSpec.builder("email", TYPES.find("long").orElseThrow()).required(true).build())
                .field(FieldSpec.builder("opt", TYPES.find("long").orElseThrow()).defaultValue("5").build())
                .field(FieldSpec.builder("n", TYPES.find("long").orElseThrow()).required(true).build())
                .build());
        RecordValidator.TreeBinding b = v.bindTree(List.of("n"));
        assertThat(((ValidationResult.Rejected) b.validate(Map.of("n", 1L), CTX)).rejection().errors())
                .containsExactly("`email` is required");
        // without the file's schema a missing key is only a null value
        assertThat(((ValidationResult.Rejected) v.validate(Map.of("n", 1L), CTX)).rejection().errors())
                .containsExactly("`email`  can't be null");
        RecordValidator.TreeBinding all = v.bindTree(List.of("email", "n"));
        ValidationResult ok = all.validate(Map.of("email", 3L, "n", 1L), CTX);
        assertThat(((ValidationResult.Accepted) ok).record().get("opt")).isEqualTo(5L);
    }

    @Test
    void flatArrayAndPrivacyTypeErrors() {
        RecordValidator v = RecordValidator.of(RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("tags", TYPES.find("long").orElseThrow()).array(true).build())
                .field(FieldSpec.builder("amount", TYPES.find("long").orElseThrow()).privacy("MD5").build())
                .build());
        assertThat(((ValidationResult.Rejected) v.bindPositional().validate(new String[] {"1,2", "12"}, CTX))
                .rejection().errors()).containsExactly("`tags` is not an array",
                "`amount` input and privacy output type are not compatible");
    }

    @Test
    void allErrorsOfARecordAreReportedNotJustTheFirst() {
        RecordValidator v = RecordValidator.of(allTypes("d").build());
        String[] mostlyGood = {"2011-12-03T10:15:30Z", "2023-01-27", "x", "1", "1.5", "2", "b", "3", "CONTAINS", "maybe"};
        assertThat(((ValidationResult.Rejected) v.bindPositional().validate(mostlyGood, CTX)).rejection().errors())
                .containsExactly("`long` (long) doesn't match pattern `-?\\d+`",
                        "`boolean` (boolean) doesn't match pattern `(?i)true|yes|[y1]|t<-TF->(?i)false|no|[n0]|f`");
    }
}
