package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.Internal;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The client's one Jackson mapper (thread-safe) and small helpers. */
@Internal
final class WireJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .build();

    private WireJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new MemphisException("cannot serialise " + value.getClass().getName() + " to JSON: " + e.getMessage(), e);
        }
    }

    /** Parses JSON, or returns null when the bytes are not a JSON document. */
    static JsonNode tryParse(byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }

    static JsonNode parse(byte[] data, String what) {
        try {
            return MAPPER.readTree(data);
        } catch (IOException e) {
            throw new MemphisException("invalid JSON in " + what + ": " + e.getMessage(), e);
        }
    }

    /** Case-insensitive field lookup (the broker's Go decoder is case-insensitive). */
    static JsonNode field(JsonNode node, String name) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(name);
        if (v != null) {
            return v;
        }
        var it = node.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) {
                return node.get(f);
            }
        }
        return null;
    }

    static String text(JsonNode node, String name, String dflt) {
        JsonNode v = field(node, name);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    static long number(JsonNode node, String name, long dflt) {
        JsonNode v = field(node, name);
        return v == null || v.isNull() ? dflt : v.asLong();
    }

    static boolean bool(JsonNode node, String name, boolean dflt) {
        JsonNode v = field(node, name);
        return v == null || v.isNull() ? dflt : v.asBoolean();
    }
}
