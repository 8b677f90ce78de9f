package dev.lakestation.memphis.schemaverse;

import java.io.Serializable;
import java.util.Objects;

/**
 * One version of a Schemaverse schema: name, type ({@code json}, {@code avro}, {@code protobuf},
 * {@code graphql}), version number, content (JSON Schema, Avro schema JSON, .proto / descriptor,
 * GraphQL SDL) and, for protobuf, the message struct name.
 */
public final class Schema implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String JSON = "json";
    public static final String AVRO = "avro";
    public static final String PROTOBUF = "protobuf";
    public static final String GRAPHQL = "graphql";

    private final String name;
    private final String type;
    private final int version;
    private final String content;
    private final String messageStructName;

    public Schema(String name, String type, int version, String content, String messageStructName) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type").toLowerCase(java.util.Locale.ROOT);
        this.version = version;
        this.content = Objects.requireNonNull(content, "content");
        this.messageStructName = messageStructName == null ? "" : messageStructName;
    }

    public String name() {
        return name;
    }

    /** Lowercase type name. */
    public String type() {
        return type;
    }

    public int version() {
        return version;
    }

    public String content() {
        return content;
    }

    public String messageStructName() {
        return messageStructName;
    }

    /** True for the four types the broker knows. */
    public static boolean isKnownType(String type) {
        return JSON.equals(type) || AVRO.equals(type) || PROTOBUF.equals(type) || GRAPHQL.equals(type);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && s.name.equals(name) && s.type.equals(type) && s.version == version
                && s.content.equals(content) && s.messageStructName.equals(messageStructName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, version, content);
    }

    @Override
    public String toString() {
        return "Schema{" + name + " v" + version + " (" + type + ")}";
    }
}
