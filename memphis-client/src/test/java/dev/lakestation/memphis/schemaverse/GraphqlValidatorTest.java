package dev.lakestation.memphis.schemaverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GraphqlValidatorTest {
    private static final String SDL = """
            type Query { order(id: ID!): Order }
            type Order { id: ID!, total: Money, items: [Item!]! }
            type Money { cents: Int!, currency: String! }
            type Item { sku: String!, qty: Int! }
            """;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptsDocumentValidAgainstSchema() throws Exception {
        PayloadValidator v = PayloadValidators.create("graphql", SDL);
        assertThat(v.type()).isEqualTo(SchemaType.GRAPHQL);
        v.validate(utf8("query { order(id: \"1\") { id total { cents currency } items { sku qty } } }"));
    }

    @Test
    void unknownFieldIsNamedWithItsPath() {
        PayloadValidator v = PayloadValidators.create("graphql", SDL);
        assertThatThrownBy(() -> v.validate(utf8("query { order(id: \"1\") { total { amount } } }")))
                .isInstanceOfSatisfying(SchemaViolationException.class, e ->
                        assertThat(e.violations()).singleElement().satisfies(x -> {
                            assertThat(x.location()).isEqualTo("/order/total/amount");
                            assertThat(x.reason()).contains("amount").contains("Money");
                        }));
    }

    @Test
    void missingRequiredArgumentIsReported() {
        PayloadValidator v = PayloadValidators.create("graphql", SDL);
        assertThatThrownBy(() -> v.validate(utf8("{ order { id } }")))
                .isInstanceOf(SchemaViolationException.class)
                .hasMessageMatching("(?s).*\\bid\\b.*");
    }

    @Test
    void syntaxErrorGivesLineAndColumn() {
        PayloadValidator v = PayloadValidators.create("graphql", SDL);
        assertThatThrownBy(() -> v.validate(utf8("query {\n  order(id: \"1\") { id ")))
                .isInstanceOfSatisfying(SchemaViolationException.class, e ->
                        assertThat(e.violations().get(0).location()).startsWith("line 2"));
        assertThatThrownBy(() -> v.validate(utf8("{\"id\": 1}")))
                .isInstanceOf(SchemaViolationException.class);
    }

    @Test
    void refusesInvalidSdlWithParserMessage() {
        assertThatThrownBy(() -> PayloadValidators.create("graphql", "type Query { a: Nope }"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageStartingWith("invalid graphql schema: ")
                .hasMessageContaining("Nope");
        assertThatThrownBy(() -> PayloadValidators.create("graphql", "type Query {"))
                .isInstanceOf(InvalidSchemaException.class);
    }
}
