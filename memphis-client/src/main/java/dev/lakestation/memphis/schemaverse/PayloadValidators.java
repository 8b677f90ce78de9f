package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;

/**
 * Compiles Schemaverse schemas into reusable {@link PayloadValidator}s. Compilation happens once, here,
 * and refuses an invalid schema with the parser's message, so {@code createSchema} can reject it before
 * anything is stored; the returned validator is thread-safe and meant to be kept per schema version.
 *
 * <pre>{@code
 * PayloadValidator json = PayloadValidators.create("json", schemaJson);
 * PayloadValidator avro = PayloadValidators.create("avro", avscJson);
 * PayloadValidator pb   = PayloadValidators.create("protobuf", protoSource, descriptorBase64, "Order");
 * }</pre>
 *
 * <table>
 *   <caption>What each type validates</caption>
 *   <tr><th>type</th><th>schema</th><th>payload</th></tr>
 *   <tr><td>json</td><td>JSON Schema, draft from {@code $schema} (04, 06, 07, 2019-09, 2020-12; default 07)</td><td>JSON</td></tr>
 *   <tr><td>avro</td><td>Avro schema (.avsc JSON)</td><td>JSON in Avro's JSON encoding</td></tr>
 *   <tr><td>protobuf</td><td>base64 {@code FileDescriptorSet} + message name</td><td>protobuf binary</td></tr>
 *   <tr><td>graphql</td><td>GraphQL SDL</td><td>a GraphQL document (query text) valid against the schema</td></tr>
 * </table>
 */
@PublicEvolving
public final class PayloadValidators {
    private PayloadValidators() {}

    /**
     * Compiles a json, avro or graphql schema.
     *
     * @param type {@code json}, {@code avro}, {@code graphql} (case-insensitive); protobuf needs
     *     {@link #create(String, String, String, String)}
     * @param schemaContent the schema text
     * @throws InvalidSchemaException when the type is unknown or unsupported, or the schema is invalid
     */
    public static PayloadValidator create(String type, String schemaContent) {
        return create(type, schemaContent, null, null);
    }

    /**
     * Compiles a schema of any supported type.
     *
     * @param type {@code json}, {@code avro}, {@code protobuf}, {@code graphql} (case-insensitive)
     * @param schemaContent the schema text (for protobuf the .proto source, kept for reference only)
     * @param descriptorBase64 protobuf only: the base64 {@code FileDescriptorSet} of the schema version
     * @param messageStructName protobuf only: the message type payloads must be (simple or full name)
     * @throws InvalidSchemaException when the type is unknown or unsupported, or the schema is invalid
     */
    public static PayloadValidator create(
            String type, String schemaContent, String descriptorBase64, String messageStructName) {
        SchemaType t = SchemaType.of(type);
        return switch (t) {
            case JSON -> JsonSchemaValidator.compile(schemaContent);
            case AVRO -> AvroJsonValidator.compile(schemaContent);
            case PROTOBUF -> ProtobufValidator.compile(descriptorBase64, messageStructName);
            case GRAPHQL -> GraphqlValidator.compile(schemaContent);
        };
    }
}
