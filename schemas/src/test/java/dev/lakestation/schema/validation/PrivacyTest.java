package dev.lakestation.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.schema.privacy.Privacy;
import dev.lakestation.schema.types.TypeCatalog;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class PrivacyTest {

    static final TypeCatalog T = TypeCatalog.defaults();
    static final RecordContext CTX = RecordContext.of("f");

    static Object apply(String privacy, String type, String value) {
        RecordValidator v = RecordValidator.of(RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("c", T.find(type).orElseThrow()).privacy(privacy).build()).build());
        ValidationResult r = v.bindPositional().validate(new String[] {value}, CTX);
        assertThat(r).as(privacy).isInstanceOf(ValidationResult.Accepted.class);
        return ((GenericRecord) ((ValidationResult.Accepted) r).record()).get("c");
    }

    @Test
    void everyStarlakePrivacyFunction() {
        assertThat(apply(null, "string", "John Smith")).isEqualTo("John Smith");
        assertThat(apply("NONE", "string", "John Smith")).isEqualTo("John Smith");
        assertThat(apply("None", "string", "John Smith")).isEqualTo("John Smith");
        assertThat(apply("HIDE", "string", "John Smith")).isEqualTo("");
        assertThat(apply("hide10X", "string", "John Smith")).isEqualTo("XXXXXXXXXX");
        assertThat(apply("MD5", "string", "America")).isEqualTo("088f003833d523d9dccc529e929afdc7");
        assertThat(apply("md5", "string", "Europe")).isEqualTo("912d59cdf1d3f551fae21f6f0062258f");
        assertThat(apply("SHA1", "string", "abc")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
        assertThat(apply("SHA256", "string", "abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(apply("SHA512", "string", "abc")).isEqualTo("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
        assertThat(apply("INITIALS", "string", "John Ronald Smith")).isEqualTo("J.R.S.");
        long approx = (Long) apply("APPROXLONG20", "long", "1000");
        assertThat(approx).isBetween(800L, 1200L);
        assertThat(apply("sql:concat('x', c)", "string", "1")).isEqualTo("x1");
        assertThat(apply("SQL:md5(c)", "string", "America")).isEqualTo("088f003833d523d9dccc529e929afdc7");
    }

    @Test
    void unknownPrivacyAndAesAreSpecErrors() {
        assertThatThrownBy(() -> RecordValidator.of(RecordSpec.builder("d", "t")
                .field(FieldSpec.builder("c", T.find("string").orElseThrow()).privacy("AES").build())
                .field(FieldSpec.builder("e", T.find("string").orElseThrow()).privacy("sql:nosuch(e)").build())
                .build()))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).problems()).containsExactly(
                        "attribute `c`: unknown privacy `AES` (supported: " + Privacy.names() + ", sql:<expression>)",
                        "attribute `e` privacy: unknown function `nosuch` in expression `nosuch(e)` (supported: "
                                + ExprFunctions.names() + ", cast(x AS type))"));
    }
}
