package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;
import java.io.Serializable;
import java.util.Objects;

/**
 * One version of a Schemaverse schema: name, type ({@code json}, {@code avro}, {@code protobuf},
 * {@code graphql}), version number, content (JSON Schema, Avro schema JSON, .proto / descriptor,
 * GraphQL SDL) and, for protobuf, the message struct name.
 *
 * <pre>{@code
 * Schema active = memphis.schema("orders");                 // the active version
 * SchemaValidator v = SchemaValidators.forSchema(active);   // compiled once, thread-safe
 * v.validate("{\"id\":1}".getBytes(StandardCharsets.UTF_8));
 * }</pre>
 */
@PublicEvolving
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
    private final String descriptor;

    public Schema(String name, String type, int version, String content, String messageStructName) {
        this(name, type, version, content, messageStructName, "");
    }

    /**
     * With the compiled protobuf descriptor a Memphis broker sends next to the {@code .proto} source
     * ({@code active_version.descriptor}, a base64 {@code FileDescriptorSet}).
     */
    public Schema(String name, String type, int version, String content, String messageStructName,
            String descriptor) {
        this.descriptor = descriptor == null ? "" : descriptor;
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

    /** Base64 compiled protobuf descriptor from the broker, or empty when the content is the descriptor itself. */
    public String descriptor() {
        return descriptor;
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
