package dev.lakestation.jobs.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The JSON form of {@link CoordinatorState}, shared by the stores so that both behave alike. */
final class StateJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true);

    private StateJson() {
    }

    static String write(CoordinatorState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("coordinator state: cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static CoordinatorState read(String json, String where) {
        try {
            return JSON.readValue(json, CoordinatorState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(where + ": line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": not a coordinator state: " + e.getOriginalMessage(), e);
        }
    }
}
