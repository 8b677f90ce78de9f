package dev.lakestation.connector.sink.writer;

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
public final class SchemaGate {
    private final SinkSession session;
    private final StationDirectory stations;
    private final SchemaFailureAction action;
    private final String producerName;
    private final Map<String, Supplier<SchemaValidator>> validators = new HashMap<>();
    /** Per station, the last validator whose station settings were checked (identity: new schema = new object). */
    private final Map<String, SchemaValidator> checked = new HashMap<>();

    public SchemaGate(SinkSession session, StationDirectory stations, SchemaFailureAction action, String producerName) {
        this.session = session;
        this.stations = stations;
        this.action = action;
        this.producerName = producerName;
    }

    /** @return false when the message failed validation and went to the dead-letter station */
    public boolean admit(OutgoingMessage m) throws IOException {
        if (check(m) == null) {
            return true;
        }
        session.deadLetter(m, producerName);
        return false;
    }

    /**
     * Validates without dead-lettering (the write-ahead writer defers that to the commit).
     *
     * @return null when valid, else the violation (with {@code DEAD_LETTER}; {@code FAIL} throws)
     */
    public String check(OutgoingMessage m) throws IOException {
        Supplier<SchemaValidator> live = validators.get(m.station());
        if (live == null) {
            live = session.liveSchemaValidator(stations.get(m.station()), producerName);
            validators.put(m.station(), live);
        }
        SchemaValidator validator = live.get();
        if (validator == null) {
            return null;
        }
        if (checked.get(m.station()) != validator) {
            requireDeadLetterStation(m.station());
            checked.put(m.station(), validator);
        }
        try {
            validator.validate(m.payload());
            return null;
        } catch (SchemaValidationException e) {
            if (action == SchemaFailureAction.FAIL) {
                throw new MemphisSinkException(m.station(), m.partition(),
                        "schema validation failed: " + e.getMessage(), e);
            }
            return e.getMessage();
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
