package dev.lakestation.memphis.schemaverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AvroJsonValidatorTest {
    private static final String ORDER = """
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"long"},
              {"name":"customer","type":"string"},
              {"name":"note","type":["null","string"],"default":null},
              {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}},
              {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item","fields":[
                 {"name":"sku","type":"string"},{"name":"qty","type":"int"}]}}},
              {"name":"tags","type":{"type":"map","values":"int"}}
            ]}""";

    private static final String VALID = """
            {"id":1,"customer":"ann","note":{"string":"ring twice"},"status":"NEW",
             "items":[{"sku":"a","qty":1},{"sku":"b","qty":2}],"tags":{"x":1}}""";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static SchemaViolation rejection(PayloadValidator v, String payload) {
        try {
            v.validate(utf8(payload));
        } catch (SchemaViolationException e) {
            assertThat(e.schemaType()).isEqualTo(SchemaType.AVRO);
            assertThat(e.violations()).hasSize(1);
            return e.violations().get(0);
        }
        throw new AssertionError("accepted: " + payload);
    }

    @Test
    void acceptsPayloadInAvroJsonEncoding() {
        PayloadValidator v = PayloadValidators.create("AVRO", ORDER);
        assertThat(v.type()).isEqualTo(SchemaType.AVRO);
        assertThatCode(() -> v.validate(utf8(VALID))).doesNotThrowAnyException();
        assertThatCode(() -> v.validate(utf8(VALID.replace("{\"string\":\"ring twice\"}", "null"))))
                .doesNotThrowAnyException();
    }

    @Test
    void wrongTypeNamesTheField() {
        PayloadValidator v = PayloadValidators.create("avro", ORDER);
        SchemaViolation x = rejection(v, VALID.replace("\"id\":1", "\"id\":\"one\""));
        assertThat(x.location()).isEqualTo("/id");
        assertThat(x.reason()).contains("Expected long");
    }

    @Test
    void missingFieldIsNamed() {
        PayloadValidator v = PayloadValidators.create("avro", ORDER);
        SchemaViolation x = rejection(v, VALID.replace("\"customer\":\"ann\",", ""));
        assertThat(x.toString()).contains("customer");
    }

    @Test
    void errorInsideArrayElementGivesItsPointer() {
        PayloadValidator v = PayloadValidators.create("avro", ORDER);
        SchemaViolation x = rejection(v, VALID.replace("\"qty\":2", "\"qty\":\"two\""));
        assertThat(x.location()).isEqualTo("/items/1/qty");
        assertThat(x.reason()).contains("Expected int");
    }

    @Test
    void errorInsideMapGivesTheKey() {
        PayloadValidator v = PayloadValidators.create("avro", ORDER);
        SchemaViolation x = rejection(v, VALID.replace("{\"x\":1}", "{\"x\":1,\"y\":true}"));
        assertThat(x.location()).isEqualTo("/tags/y");
    }

    @Test
    void unknownEnumSymbolIsNamed() {
        PayloadValidator v = PayloadValidators.create("avro", ORDER);
        SchemaViolation x = rejection(v, VALID.replace("\"NEW\"", "\"SHIPPED\""));
        assertThat(x.location()).isEqualTo("/status");
        assertThat(x.reason()).contains("SHIPPED");
    }

    @Test
    void unwrappedUnionValueIsReported() {
        PayloadValidator v = PayloadValidators.create("avro", ORDER);
        SchemaViolation x = rejection(v, VALID.replace("{\"string\":\"ring twice\"}", "\"ring twice\""));
        assertThat(x.location()).isEqualTo("/note");
    }

    @Test
    void notJsonIsRejected() {
        PayloadValidator v = PayloadValidators.create("avro", ORDER);
        SchemaViolation x = rejection(v, "{\"id\": 1,");
        assertThat(x.toString()).containsAnyOf("not valid JSON", "Unexpected end-of-input");
    }

    @Test
    void validatorRecoversAfterARejection() throws Exception {
        PayloadValidator v = PayloadValidators.create("avro", ORDER);
        rejection(v, "{\"id\": [");
        v.validate(utf8(VALID));
        rejection(v, VALID.replace("\"qty\":2", "\"qty\":\"two\""));
        v.validate(utf8(VALID));
    }

    @Test
    void refusesInvalidSchemaWithParserMessage() {
        assertThatThrownBy(() -> PayloadValidators.create("avro", "{\"type\":\"record\",\"name\":\"X\"}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageStartingWith("invalid avro schema: ")
                .hasMessageContaining("fields");
        assertThatThrownBy(() -> PayloadValidators.create("avro", "{\"type\":\"strin\"}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("strin");
        assertThatThrownBy(() -> PayloadValidators.create("avro", "not json"))
                .isInstanceOf(InvalidSchemaException.class);
        assertThatThrownBy(() -> PayloadValidators.create("avro", """
                {"type":"record","name":"X","fields":[{"name":"a","type":"int","default":"x"}]}"""))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("default");
    }

    @Test
    void oneCompiledValidatorServesManyThreads() throws Exception {
        PayloadValidator v = PayloadValidators.create("avro", ORDER);
        String bad = VALID.replace("\"qty\":2", "\"qty\":\"two\"");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int rejected = 0;
                    for (int i = 0; i < 2_000; i++) {
                        try {
                            v.validate(utf8(i % 2 == 0 ? VALID : bad));
                        } catch (SchemaViolationException e) {
                            assertThat(e.violations().get(0).location()).isEqualTo("/items/1/qty");
                            rejected++;
                        }
                    }
                    return rejected;
                }));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get()).isEqualTo(1_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
