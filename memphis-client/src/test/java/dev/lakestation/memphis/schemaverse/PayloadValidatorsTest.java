package dev.lakestation.memphis.schemaverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PayloadValidatorsTest {
    @Test
    void typeNamesAreCaseInsensitive() {
        assertThat(SchemaType.of(" JSON ")).isEqualTo(SchemaType.JSON);
        assertThat(SchemaType.of("Avro")).isEqualTo(SchemaType.AVRO);
        assertThat(SchemaType.PROTOBUF.wireName()).isEqualTo("protobuf");
    }

    @Test
    void unknownTypeIsRefused() {
        assertThatThrownBy(() -> PayloadValidators.create("xml", "<x/>"))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessage("unknown schema type 'xml' (expected one of protobuf, json, graphql, avro)");
        assertThatThrownBy(() -> PayloadValidators.create(null, "{}")).isInstanceOf(InvalidSchemaException.class);
    }

    @Test
    void emptySchemaIsRefused() {
        assertThatThrownBy(() -> PayloadValidators.create("json", "")).isInstanceOf(InvalidSchemaException.class);
        assertThatThrownBy(() -> PayloadValidators.create("avro", " ")).isInstanceOf(InvalidSchemaException.class);
    }
}
