package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.Internal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * JSON Schema validation of JSON payloads (networknt json-schema-validator). The draft comes from the
 * schema's {@code $schema} (draft-04, -06, -07, 2019-09, 2020-12); without one, draft-07 as in the
 * Memphis SDKs. Remote {@code $ref}s are refused: a producer must not fetch URLs per schema.
 */
@Internal
final class JsonSchemaValidator implements PayloadValidator {
    private static final VersionFlag DEFAULT_DRAFT = VersionFlag.V7;
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
    private static final Map<VersionFlag, JsonSchemaFactory> FACTORIES = new EnumMap<>(VersionFlag.class);

    private final JsonSchema schema;
    private final VersionFlag draft;

    private JsonSchemaValidator(JsonSchema schema, VersionFlag draft) {
        this.schema = schema;
        this.draft = draft;
    }

    /** Parses, checks against the draft's meta-schema and compiles (all {@code $ref}s resolved now). */
    static JsonSchemaValidator compile(String schemaContent) {
        JsonNode node;
        try {
            node = MAPPER.readTree(schemaContent == null ? "" : schemaContent);
        } catch (JsonProcessingException e) {
            throw new InvalidSchemaException("invalid json schema: not valid JSON: " + e.getOriginalMessage()
                    + location(e));
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            throw new InvalidSchemaException("invalid json schema: a schema must be a JSON object or boolean");
        }
        VersionFlag draft = detectDraft(node);
        JsonSchemaFactory factory = factory(draft);
        try {
            List<SchemaViolation> metaViolations = violations(
                    factory.getSchema(SchemaLocation.of(draft.getId()), CONFIG).validate(node));
            if (!metaViolations.isEmpty()) {
                throw new InvalidSchemaException("invalid json schema (" + draftName(draft) + "): "
                        + String.join("; ", metaViolations.stream().map(SchemaViolation::toString).toList()));
            }
            JsonSchema schema = factory.getSchema(node, CONFIG);
            schema.initializeValidators();
            return new JsonSchemaValidator(schema, draft);
        } catch (InvalidSchemaException e) {
            throw e;
        } catch (JsonSchemaException | RemoteReferenceRefused e) {
            throw new InvalidSchemaException("invalid json schema: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof RemoteReferenceRefused r) {
                throw new InvalidSchemaException("invalid json schema: " + r.getMessage(), e);
            }
            throw new InvalidSchemaException("invalid json schema: " + e, e);
        }
    }

    @Override
    public SchemaType type() {
        return SchemaType.JSON;
    }

    /** The JSON Schema draft this schema is validated with. */
    String draft() {
        return draftName(draft);
    }

    @Override
    public void validate(byte[] payload) throws SchemaViolationException {
        JsonNode instance;
        try {
            instance = MAPPER.readTree(payload);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() + location(j) : e.getMessage();
            throw new SchemaViolationException(SchemaType.JSON, new SchemaViolation("", "not valid JSON: " + reason));
        }
        if (instance == null || instance.isMissingNode()) {
            throw new SchemaViolationException(SchemaType.JSON, new SchemaViolation("", "empty payload"));
        }
        List<SchemaViolation> found = violations(schema.validate(instance));
        if (!found.isEmpty()) {
            throw new SchemaViolationException(SchemaType.JSON, found);
        }
    }

    private static List<SchemaViolation> violations(Set<ValidationMessage> messages) {
        List<SchemaViolation> out = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            String pointer = m.getInstanceLocation().toString();
            out.add(new SchemaViolation(pointer, reason(m, pointer)));
        }
        return out;
    }

    /** The library's message starts with the instance location; keep only the reason. */
    private static String reason(ValidationMessage m, String pointer) {
        String msg = m.getMessage();
        String prefix = pointer + ": ";
        return msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
    }

    private static VersionFlag detectDraft(JsonNode node) {
        if (!node.isObject() || !node.has("$schema")) {
            return DEFAULT_DRAFT;
        }
        JsonNode id = node.get("$schema");
        if (!id.isTextual()) {
            throw new InvalidSchemaException("invalid json schema: $schema must be a string");
        }
        try {
            Optional<VersionFlag> flag = SpecVersionDetector.detectOptionalVersion(node, false);
            if (flag.isPresent()) {
                return flag.get();
            }
        } catch (JsonSchemaException e) {
            // fall through to the explicit error below
        }
        throw new InvalidSchemaException("invalid json schema: unsupported $schema '" + id.asText()
                + "' (supported: draft-04, draft-06, draft-07, 2019-09, 2020-12)");
    }

    private static String draftName(VersionFlag flag) {
        return switch (flag) {
            case V4 -> "draft-04";
            case V6 -> "draft-06";
            case V7 -> "draft-07";
            case V201909 -> "2019-09";
            case V202012 -> "2020-12";
        };
    }

    private static synchronized JsonSchemaFactory factory(VersionFlag draft) {
        return FACTORIES.computeIfAbsent(draft, d -> JsonSchemaFactory.getInstance(d,
                b -> b.schemaLoaders(loaders -> loaders.add(iri -> {
                    // Meta-schemas are mapped to bundled classpath resources before loading; anything
                    // else would be fetched from the network or the file system.
                    String s = iri.toString();
                    if (s.startsWith("classpath:")) {
                        return null;
                    }
                    throw new RemoteReferenceRefused(s);
                }))));
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** A {@code $ref} to a document outside the schema. */
    static final class RemoteReferenceRefused extends RuntimeException {
        RemoteReferenceRefused(String iri) {
            super("external $ref '" + iri + "' is not allowed: inline the referenced schema under $defs/definitions");
        }
    }
}
