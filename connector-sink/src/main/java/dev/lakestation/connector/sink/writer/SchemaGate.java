package dev.lakestation.connector.sink.writer;

import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.MemphisSinkOptions.SchemaFailureAction;
import dev.lakestation.connector.sink.internal.OutgoingMessage;
import dev.lakestation.connector.sink.internal.SinkSession;
import dev.lakestation.connector.sink.internal.StationDirectory;
import dev.lakestation.connector.sink.internal.StationInfo;
import dev.lakestation.memphis.SchemaValidationException;
import dev.lakestation.memphis.schemaverse.SchemaValidator;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Optional station-schema validation before publishing, through memphis-client's
 * {@link SchemaValidator} seam. The schema is loaded when a station is first used. A failing
 * payload either fails the job (naming station, partition and the violation) or is handed to the
 * client, which writes it to the station's dead-letter station with the validation error.
 */
public final class SchemaGate {
    private final SinkSession session;
    private final StationDirectory stations;
    private final SchemaFailureAction action;
    private final String producerName;
    private final Map<String, Optional<SchemaValidator>> validators = new HashMap<>();

    public SchemaGate(SinkSession session, StationDirectory stations, SchemaFailureAction action, String producerName) {
        this.session = session;
        this.stations = stations;
        this.action = action;
        this.producerName = producerName;
    }

    /** @return false when the message failed validation and went to the dead-letter station */
    public boolean admit(OutgoingMessage m) throws IOException {
        Optional<SchemaValidator> validator = validators.get(m.station());
        if (validator == null) {
            validator = Optional.ofNullable(load(stations.get(m.station())));
            validators.put(m.station(), validator);
        }
        if (validator.isEmpty()) {
            return true;
        }
        try {
            validator.get().validate(m.payload());
            return true;
        } catch (SchemaValidationException e) {
            if (action == SchemaFailureAction.FAIL) {
                throw new MemphisSinkException(m.station(), m.partition(),
                        "schema validation failed: " + e.getMessage(), e);
            }
            session.deadLetter(m, producerName);
            return false;
        }
    }

    private SchemaValidator load(StationInfo station) throws IOException {
        SchemaValidator v = session.schemaValidator(station);
        if (v != null && action == SchemaFailureAction.DEAD_LETTER && !station.schemaFailuresToDls()) {
            throw new MemphisSinkException(station.name(), -1, "schema-failure-action is DEAD_LETTER but the station "
                    + "does not send schema failures to its dead-letter station (enable it on the station)");
        }
        return v;
    }
}
