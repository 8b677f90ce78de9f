package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.PublicEvolving;
import java.util.Objects;

/**
 * One reason a payload does not match its schema.
 *
 * @param location where in the payload: a JSON pointer ({@code /address/zip}, {@code ""} for the whole
 *     payload) for JSON and Avro, a field path for protobuf
 * @param reason what is wrong there, e.g. {@code string found, integer expected}
 */
@PublicEvolving
public record SchemaViolation(String location, String reason) {
    public SchemaViolation {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return (location.isEmpty() ? "(root)" : location) + ": " + reason;
    }
}
