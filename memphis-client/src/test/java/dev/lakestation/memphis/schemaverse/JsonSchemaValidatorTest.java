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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSchemaValidatorTest {
    private static final String ORDER = """
            {"type":"object",
             "properties":{
               "id":{"type":"integer"},
               "email":{"type":"string","format":"email"},
               "items":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"}},
                        "required":["sku"]}}},
             "required":["id"]}""";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsMatchingPayload() {
        PayloadValidator v = PayloadValidators.create("json", ORDER);
        assertThat(v.type()).isEqualTo(SchemaType.JSON);
        assertThatCode(() -> v.validate(utf8("{\"id\":7,\"items\":[{\"sku\":\"a\"}]}"))).doesNotThrowAnyException();
    }

    @Test
    void rejectionNamesTheFieldAndReason() {
        PayloadValidator v = PayloadValidators.create("json", ORDER);
        assertThatThrownBy(() -> v.validate(utf8("{\"id\":\"seven\"}")))
                .isInstanceOfSatisfying(SchemaViolationException.class, e -> {
                    assertThat(e.violations()).singleElement().satisfies(x -> {
                        assertThat(x.location()).isEqualTo("/id");
                        assertThat(x.reason()).contains("string found, integer expected");
                    });
                    assertThat(e.getMessage()).startsWith("Schema validation has failed (json): /id: ");
                });
    }

    @Test
    void rejectionInsideArrayGivesJsonPointer() {
        PayloadValidator v = PayloadValidators.create("json", ORDER);
        assertThatThrownBy(() -> v.validate(utf8("{\"id\":1,\"items\":[{\"sku\":\"a\"},{}]}")))
                .isInstanceOfSatisfying(SchemaViolationException.class, e ->
                        assertThat(e.violations()).singleElement().satisfies(x -> {
                            assertThat(x.location()).isEqualTo("/items/1");
                            assertThat(x.reason()).contains("required property 'sku' not found");
                        }));
    }

    @Test
    void missingRequiredFieldIsNamed() {
        PayloadValidator v = PayloadValidators.create("json", ORDER);
        assertThatThrownBy(() -> v.validate(utf8("{}")))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("required property 'id' not found");
    }

    @Test
    void nonJsonPayloadIsRejectedWithPosition() {
        PayloadValidator v = PayloadValidators.create("json", ORDER);
        assertThatThrownBy(() -> v.validate(utf8("{\"id\": 1,")))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> v.validate(utf8("{\"id\": 1} trailing")))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("not valid JSON");
    }

    @ParameterizedTest
    @CsvSource({
        "http://json-schema.org/draft-04/schema#, draft-04",
        "http://json-schema.org/draft-06/schema#, draft-06",
        "http://json-schema.org/draft-07/schema#, draft-07",
        "https://json-schema.org/draft/2019-09/schema, 2019-09",
        "https://json-schema.org/draft/2020-12/schema, 2020-12"
    })
    void detectsDraftFromDollarSchema(String id, String draft) throws Exception {
        JsonSchemaValidator v = JsonSchemaValidator.compile(
                "{\"$schema\":\"" + id + "\",\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\"}}}");
        assertThat(v.draft()).isEqualTo(draft);
        v.validate(utf8("{\"n\":1.5}"));
        assertThatThrownBy(() -> v.validate(utf8("{\"n\":\"x\"}"))).hasMessageContaining("/n");
    }

    @Test
    void defaultsToDraft07() {
        assertThat(JsonSchemaValidator.compile("{\"type\":\"object\"}").draft()).isEqualTo("draft-07");
    }

    @Test
    void draftSpecificKeywordsApply() throws Exception {
        // draft-04 exclusiveMaximum is a boolean; 2020-12 prefixItems exists only there.
        PayloadValidator d4 = PayloadValidators.create("json", """
                {"$schema":"http://json-schema.org/draft-04/schema#","type":"number","maximum":10,"exclusiveMaximum":true}""");
        assertThatThrownBy(() -> d4.validate(utf8("10"))).isInstanceOf(SchemaViolationException.class);
        PayloadValidator d2020 = PayloadValidators.create("json", """
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array",
                 "prefixItems":[{"type":"string"}],"items":false}""");
        d2020.validate(utf8("[\"a\"]"));
        assertThatThrownBy(() -> d2020.validate(utf8("[\"a\", 1]"))).isInstanceOf(SchemaViolationException.class);
    }

    @Test
    void localRefsResolve() throws Exception {
        PayloadValidator v = PayloadValidators.create("json", """
                {"definitions":{"pos":{"type":"integer","minimum":1}},
                 "type":"object","properties":{"qty":{"$ref":"#/definitions/pos"}}}""");
        v.validate(utf8("{\"qty\":3}"));
        assertThatThrownBy(() -> v.validate(utf8("{\"qty\":0}")))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageContaining("/qty");
    }

    @Test
    void refusesSchemaThatIsNotJson() {
        assertThatThrownBy(() -> PayloadValidators.create("json", "{\"type\": "))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageStartingWith("invalid json schema: not valid JSON");
    }

    @Test
    void refusesSchemaViolatingTheMetaSchema() {
        assertThatThrownBy(() -> PayloadValidators.create("json", "{\"type\":\"integr\"}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("invalid json schema (draft-07)")
                .hasMessageContaining("/type");
        assertThatThrownBy(() -> PayloadValidators.create("json", "{\"required\":\"id\"}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("/required");
    }

    @Test
    void refusesUnknownDraft() {
        assertThatThrownBy(() -> PayloadValidators.create("json", "{\"$schema\":\"http://example.com/my-draft\"}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("unsupported $schema 'http://example.com/my-draft'");
    }

    @Test
    void refusesRemoteRefsWithoutFetching() {
        assertThatThrownBy(() -> PayloadValidators.create("json",
                        "{\"properties\":{\"a\":{\"$ref\":\"http://127.0.0.1:9/other.json\"}}}"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("external $ref 'http://127.0.0.1:9/other.json' is not allowed");
    }

    @Test
    void oneCompiledValidatorServesManyThreads() throws Exception {
        PayloadValidator v = PayloadValidators.create("json", ORDER);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    int rejected = 0;
                    for (int i = 0; i < 2_000; i++) {
                        try {
                            v.validate(utf8(i % 2 == 0 ? "{\"id\":" + i + "}" : "{\"id\":\"x" + i + "\"}"));
                        } catch (SchemaViolationException e) {
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
