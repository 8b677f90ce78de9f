package dev.lakestation.memphis.schemaverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaValidatorsTest {
    @Test
    void typeNamesAreCaseInsensitive() {
        assertThat(SchemaType.of(" JSON ")).isEqualTo(SchemaType.JSON);
        assertThat(SchemaType.of("Avro")).isEqualTo(SchemaType.AVRO);
        assertThat(SchemaType.PROTOBUF.wireName()).isEqualTo("protobuf");
    }

    @Test
    void unknownTypeIsRefused() {
        assertThatThrownBy(() -> SchemaValidators.create("xml", "<x/>"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessage("unknown schema type 'xml' (expected one of protobuf, json, graphql, avro)");
        assertThatThrownBy(() -> SchemaValidators.create(null, "{}")).isInstanceOf(InvalidSchemaException.class);
    }

    @Test
    void graphqlIsRefusedAsUnsupported() {
        assertThatThrownBy(() -> SchemaValidators.create("graphql", "type Query { a: Int }"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageStartingWith("unsupported schema type 'graphql'");
    }

    @Test
    void emptySchemaIsRefused() {
        assertThatThrownBy(() -> SchemaValidators.create("json", "")).isInstanceOf(InvalidSchemaException.class);
        assertThatThrownBy(() -> SchemaValidators.create("avro", " ")).isInstanceOf(InvalidSchemaException.class);
    }
}
