package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;
import java.util.Base64;

/**
 * The {@link SchemaValidatorFactory}s of this client, one per schema type, registered through
 * {@code META-INF/services/dev.lakestation.memphis.schemaverse.SchemaValidatorFactory} so that
 * {@link SchemaValidators#forSchema} finds them. Each compiles with {@link PayloadValidators} and names
 * the schema and version in its errors.
 */
@PublicEvolving
public final class BuiltInValidatorFactories {
    private BuiltInValidatorFactories() {}

    /** JSON Schema ({@code json}). */
    public static final class Json implements SchemaValidatorFactory {
        @Override
        public String type() {
            return Schema.JSON;
        }

        @Override
        public SchemaValidator create(Schema schema) {
            return compile(schema, () -> PayloadValidators.create(type(), schema.content()));
        }
    }

    /** Avro schema, JSON payloads ({@code avro}). */
    public static final class Avro implements SchemaValidatorFactory {
        @Override
        public String type() {
            return Schema.AVRO;
        }

        @Override
        public SchemaValidator create(Schema schema) {
            return compile(schema, () -> PayloadValidators.create(type(), schema.content()));
        }
    }

    /** GraphQL SDL, GraphQL document payloads ({@code graphql}). */
    public static final class Graphql implements SchemaValidatorFactory {
        @Override
        public String type() {
            return Schema.GRAPHQL;
        }

        @Override
        public SchemaValidator create(Schema schema) {
            return compile(schema, () -> PayloadValidators.create(type(), schema.content()));
        }
    }

    /**
     * Protobuf ({@code protobuf}): the schema content must be the compiled descriptor, a base64
     * {@code FileDescriptorSet}, and {@code messageStructName} the message type. A schema whose content
     * is .proto source is refused with an explanation (this client has no protoc).
     */
    public static final class Protobuf implements SchemaValidatorFactory {
        @Override
        public String type() {
            return Schema.PROTOBUF;
        }

        @Override
        public SchemaValidator create(Schema schema) {
            // A broker sends the .proto source as content and the compiled set as descriptor; on plain
            // JetStream users store the compiled set as the content.
            String content = schema.descriptor().isBlank() ? schema.content().trim() : schema.descriptor().trim();
            if (!looksLikeBase64(content)) {
                throw new InvalidSchemaException(prefix(schema) + "protobuf content must be a compiled descriptor "
                        + "(base64 FileDescriptorSet: protoc --include_imports --descriptor_set_out=x.pb, then base64 x.pb), "
                        + "not .proto source");
            }
            return compile(schema,
                    () -> PayloadValidators.create(type(), null, content, schema.messageStructName()));
        }

        private static boolean looksLikeBase64(String s) {
            if (s.isEmpty()) {
                return false;
            }
            try {
                Base64.getDecoder().decode(s);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    private interface Compilation {
        PayloadValidator run();
    }

    private static SchemaValidator compile(Schema schema, Compilation compilation) {
        try {
            return compilation.run();
        } catch (InvalidSchemaException e) {
            throw new InvalidSchemaException(prefix(schema) + e.getMessage(), e);
        }
    }

    private static String prefix(Schema schema) {
        return "schema '" + schema.name() + "' v" + schema.version() + ": ";
    }
}
