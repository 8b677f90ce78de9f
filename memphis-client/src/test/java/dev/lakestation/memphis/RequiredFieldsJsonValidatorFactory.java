package dev.lakestation.memphis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakestation.memphis.schemaverse.Schema;
import dev.lakestation.memphis.schemaverse.SchemaValidator;
import dev.lakestation.memphis.schemaverse.SchemaValidatorFactory;

/**
 * Test stand-in for the schemaverse module's JSON Schema validator (built by another part of the
 * project): checks only {@code required} and integer/string {@code properties}. Registered by tests
 * only when no real JSON validator is on the class path, so the same tests run against the real one.
 */
final class RequiredFieldsJsonValidatorFactory implements SchemaValidatorFactory {
    @Override
    public String type() {
        return Schema.JSON;
    }

    @Override
    public SchemaValidator create(Schema schema) {
        JsonNode s = WireJson.tryParse(schema.content().getBytes());
        if (s == null || !s.isObject()) {
            throw new SchemaValidationException("schema '" + schema.name() + "' is not valid JSON");
        }
        return payload -> {
            JsonNode doc = WireJson.tryParse(payload);
            if (doc == null || !doc.isObject()) {
                throw new SchemaValidationException("$: payload is not a JSON object");
            }
            for (JsonNode req : s.path("required")) {
                if (!doc.has(req.asText())) {
                    throw new SchemaValidationException("$." + req.asText() + ": is missing but it is required");
                }
            }
            s.path("properties").fields().forEachRemaining(e -> {
                JsonNode v = doc.get(e.getKey());
                String type = e.getValue().path("type").asText();
                if (v != null && (("integer".equals(type) && !v.isIntegralNumber()) || ("string".equals(type) && !v.isTextual()))) {
                    throw new SchemaValidationException("$." + e.getKey() + ": " + v.getNodeType().toString().toLowerCase()
                            + " found, " + type + " expected");
                }
            });
        };
    }
}
