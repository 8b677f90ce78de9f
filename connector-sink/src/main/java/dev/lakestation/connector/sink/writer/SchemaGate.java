package dev.lakestation.connector.sink.writer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.MemphisSinkOptions.SchemaFailureAction;
import dev.lakestation.connector.sink.internal.OutgoingMessage;
import dev.lakestation.connector.sink.internal.SinkSession;
import dev.lakestation.connector.sink.internal.StationDirectory;
import dev.lakestation.memphis.SchemaValidationException;
import dev.lakestation.memphis.schemaverse.SchemaValidator;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Optional station-schema validation before publishing, through memphis-client's
 * {@link SchemaValidator} seam. Each message is checked against the station's schema as it is at
 * that moment: a schema attached, detached or given a new version while the job runs applies from
 * then on (the client keeps it current). A failing payload either fails the job (naming station,
 * partition and the violation) or is handed to the client, which writes it to the station's
 * dead-letter station with the validation error.
 */
@Internal
public final class SchemaGate {
    private final SinkSession session;
    private final StationDirectory stations;
    private final SchemaFailureAction action;
    private final String producerName;
    private final Map<String, StationSchema> schemas = new HashMap<>();

    /** A station's live validator, and the last one whose station settings were checked (new schema = new object). */
    private static final class StationSchema {
        final Supplier<SchemaValidator> live;
        SchemaValidator checked;

        StationSchema(Supplier<SchemaValidator> live) {
            this.live = live;
        }
    }

    public SchemaGate(SinkSession session, StationDirectory stations, SchemaFailureAction action, String producerName) {
        this.session = session;
        this.stations = stations;
        this.action = action;
        this.producerName = producerName;
    }

    /** @return false when the message failed validation and went to the dead-letter station */
    public boolean admit(OutgoingMessage m) throws IOException {
        String violation = violation(m);
        if (violation == null) {
            return true;
        }
        session.deadLetter(m, producerName, violation);
        return false;
    }

    /**
     * Validates without dead-lettering (the write-ahead writer defers that to the commit).
     *
     * @return whether the station's schema refuses the message (with {@code DEAD_LETTER}; {@code FAIL} throws)
     */
    public boolean refuses(OutgoingMessage m) throws IOException {
        return violation(m) != null;
    }

    /** @return the validation error when the station's schema refuses the message (with {@code DEAD_LETTER}), else null */
    @javax.annotation.Nullable
    private String violation(OutgoingMessage m) throws IOException {
        StationSchema schema = schemas.get(m.station());
        if (schema == null) {
            schema = new StationSchema(session.liveSchemaValidator(stations.get(m.station()), producerName));
            schemas.put(m.station(), schema);
        }
        SchemaValidator validator = schema.live.get();
        if (validator == null) {
            return null;
        }
        if (schema.checked != validator) {
            requireDeadLetterStation(m.station());
            schema.checked = validator;
        }
        try {
            validator.validate(m.payload());
            return null;
        } catch (SchemaValidationException e) {
            if (action == SchemaFailureAction.FAIL) {
                throw new MemphisSinkException(m.station(), m.partition(),
                        "schema validation failed: " + e.getMessage(), e);
            }
            return e.getMessage() == null ? "schema validation failed" : e.getMessage();
        }
    }

    /** DEAD_LETTER needs a station that keeps schema failures; read fresh, the schema may be new. */
    private void requireDeadLetterStation(String station) throws IOException {
        if (action == SchemaFailureAction.DEAD_LETTER && !session.station(station).schemaFailuresToDls()) {
            throw new MemphisSinkException(station, -1, "schema-failure-action is DEAD_LETTER but the station "
                    + "does not send schema failures to its dead-letter station (enable it on the station)");
        }
    }
}
