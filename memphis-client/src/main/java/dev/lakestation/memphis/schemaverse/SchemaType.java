package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;
import java.util.Locale;

/** The Schemaverse schema types, spelled as the broker spells them ({@code go:schema.go validateSchemaType}). */
@PublicEvolving
public enum SchemaType {
    PROTOBUF("protobuf"),
    JSON("json"),
    GRAPHQL("graphql"),
    AVRO("avro");

    private final String wireName;

    SchemaType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in control requests and schema records, e.g. {@code "json"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a type name case-insensitively.
     *
     * @throws InvalidSchemaException for a name that is not one of protobuf, json, graphql, avro
     */
    public static SchemaType of(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (SchemaType t : values()) {
                if (t.wireName.equals(n)) {
                    return t;
                }
            }
        }
        throw new InvalidSchemaException(
                "unknown schema type '" + name + "' (expected one of protobuf, json, graphql, avro)");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
