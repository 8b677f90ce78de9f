package dev.lakestation.jobs.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;

/**
 * "Dataset {@code domain.table} was written": published by every load and transform on success, consumed by the
 * coordinator. The JSON form ({@link #toJson()}) is the wire format; it is described by
 * {@code dev/lakestation/jobs/audit/dataset-event.schema.json} (JSON Schema) and {@code dataset-event.avsc} (Avro),
 * both on the classpath and documented in {@code jobs/docs/coordinator.md}.
 *
 * <pre>{@code
 * DatasetEvent e = DatasetEvent.of("starbake.orders", DatasetKind.LOAD, "load:daily@20240301T0000",
 *         "20240301T0000", 10, 9, 1, Instant.now());
 * e.eventId();                 // same for every publication of (starbake.orders, that run)
 * String line = e.toJson();    // {"event_id":"…","dataset":"starbake.orders",…}
 * DatasetEvent back = DatasetEvent.fromJson(line);
 * }</pre>
 *
 * @param eventId      {@link #idFor(String, String)} of dataset and run id: a re-published event is a duplicate
 * @param dataset      {@code domain.table} written (a task's output table for TRANSFORM)
 * @param kind         LOAD or TRANSFORM
 * @param runId        the coordinator run (or CLI invocation) that wrote it
 * @param slSchedule   Starlake's {@code sl_schedule}: the producing schedule's cron tick, {@code yyyyMMdd'T'HHmm}
 *                     ({@code %Y%m%dT%H%M}) in the project time zone; null when the producer did not run on a cron
 * @param rowsWritten  rows written to the dataset
 * @param rowsAccepted rows accepted (loads; equals rowsWritten for transforms)
 * @param rowsRejected rows rejected (loads; 0 for transforms)
 * @param eventTime    when the dataset was committed
 */
public record DatasetEvent(String eventId, String dataset, DatasetKind kind, String runId, String slSchedule,
                           long rowsWritten, long rowsAccepted, long rowsRejected, Instant eventTime) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public DatasetEvent {
        requireText(eventId, "event_id");
        requireText(dataset, "dataset");
        Objects.requireNonNull(kind, "dataset event: kind is required");
        requireText(runId, "run_id");
        Objects.requireNonNull(eventTime, "dataset event: event_time is required");
        if (slSchedule != null && !slSchedule.matches("\\d{8}T\\d{4}")) {
            throw new IllegalArgumentException("dataset event: sl_schedule '" + slSchedule
                    + "' is not yyyyMMddTHHmm (Starlake's %Y%m%dT%H%M)");
        }
        if (rowsWritten < 0 || rowsAccepted < 0 || rowsRejected < 0) {
            throw new IllegalArgumentException("dataset event: negative row count for " + dataset);
        }
    }

    /** An event whose id is derived from {@code dataset} and {@code runId}. */
    public static DatasetEvent of(String dataset, DatasetKind kind, String runId, String slSchedule,
                                  long rowsWritten, long rowsAccepted, long rowsRejected, Instant eventTime) {
        return new DatasetEvent(idFor(dataset, runId), dataset, kind, runId, slSchedule, rowsWritten, rowsAccepted,
                rowsRejected, eventTime);
    }

    /**
     * The deterministic event id: a name-based UUID (type 3) of {@code dataset + '\n' + runId}. A job re-run under the
     * same run id (a retry, a restarted coordinator) re-publishes the same id, which consumers drop as a duplicate.
     */
    public static String idFor(String dataset, String runId) {
        return UUID.nameUUIDFromBytes((dataset + "\n" + runId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** One line of JSON (no newline), field names as in the JSON Schema. */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("event_id", eventId);
        n.put("dataset", dataset);
        n.put("kind", kind.name());
        n.put("run_id", runId);
        if (slSchedule == null) {
            n.putNull("sl_schedule");
        } else {
            n.put("sl_schedule", slSchedule);
        }
        n.put("rows_written", rowsWritten);
        n.put("rows_accepted", rowsAccepted);
        n.put("rows_rejected", rowsRejected);
        n.put("event_time", eventTime.toString());
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dataset event: cannot write JSON", e); // cannot happen for a tree
        }
    }

    /**
     * Parses {@link #toJson()} output. Unknown fields are ignored (newer producers); a missing or invalid field is an
     * {@link IllegalArgumentException} naming it.
     */
    public static DatasetEvent fromJson(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("dataset event: invalid JSON at column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("dataset event: not a JSON object");
        }
        String kind = text(n, "kind", true);
        DatasetKind k;
        try {
            k = DatasetKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dataset event: kind '" + kind + "' is not LOAD or TRANSFORM");
        }
        Instant time;
        String t = text(n, "event_time", true);
        try {
            time = Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dataset event: event_time '" + t + "' is not an ISO-8601 instant");
        }
        return new DatasetEvent(text(n, "event_id", true), text(n, "dataset", true), k, text(n, "run_id", true),
                text(n, "sl_schedule", false), count(n, "rows_written"), count(n, "rows_accepted"),
                count(n, "rows_rejected"), time);
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("dataset event: field '" + field + "' is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("dataset event: field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static long count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("dataset event: field '" + field + "' must be an integer");
        }
        return v.asLong();
    }

    private static void requireText(String v, String field) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("dataset event: " + field + " is required");
        }
    }
}
