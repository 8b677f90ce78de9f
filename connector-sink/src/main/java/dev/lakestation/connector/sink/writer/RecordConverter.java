package dev.lakestation.connector.sink.writer;

import org.apache.flink.annotation.Internal;
import dev.lakestation.connector.sink.MemphisSinkException;
import dev.lakestation.connector.sink.MessageIdExtractor;
import dev.lakestation.connector.sink.PartitionKeyExtractor;
import dev.lakestation.connector.sink.StationSelector;
import dev.lakestation.connector.sink.internal.OutgoingMessage;
import dev.lakestation.connector.sink.internal.PartitionRouter;
import dev.lakestation.connector.sink.serializer.MemphisSinkRecord;
import dev.lakestation.connector.sink.serializer.MemphisSerializationSchema;
import java.io.IOException;
import javax.annotation.Nullable;

/**
 * Element → {@link OutgoingMessage}: serializes, then resolves station, message id and partition.
 * What the record itself says wins over the sink-level selector/extractors, which win over the
 * defaults (fixed station, no id, round robin).
 */
@Internal
public final class RecordConverter<T> {
    private final MemphisSerializationSchema<T> serializer;
    @Nullable private final String fixedStation;
    @Nullable private final StationSelector<T> stationSelector;
    @Nullable private final PartitionKeyExtractor<T> keyExtractor;
    @Nullable private final MessageIdExtractor<T> idExtractor;
    private final PartitionRouter router;
    @Nullable private final SchemaGate schemaGate;

    public RecordConverter(
            MemphisSerializationSchema<T> serializer,
            @Nullable String fixedStation,
            @Nullable StationSelector<T> stationSelector,
            @Nullable PartitionKeyExtractor<T> keyExtractor,
            @Nullable MessageIdExtractor<T> idExtractor,
            PartitionRouter router,
            @Nullable SchemaGate schemaGate) {
        this.serializer = serializer;
        this.fixedStation = fixedStation;
        this.stationSelector = stationSelector;
        this.keyExtractor = keyExtractor;
        this.idExtractor = idExtractor;
        this.router = router;
        this.schemaGate = schemaGate;
    }

    /** @return the message, or {@code null} when it failed schema validation and was dead-lettered */
    @Nullable
    public OutgoingMessage convert(T element) throws IOException {
        MemphisSinkRecord record = serializer.serialize(element);
        if (record == null) {
            throw new IllegalArgumentException("the serialization schema returned null for " + element);
        }
        String station = record.station() != null ? record.station()
                : stationSelector != null ? stationSelector.station(element) : fixedStation;
        if (station == null || station.isEmpty()) {
            throw new IllegalArgumentException("no station for record " + element
                    + ": set a station, a station selector, or the record's station");
        }
        String key = record.partitionKey();
        if (key == null && keyExtractor != null && record.partition() == MemphisSinkRecord.NO_PARTITION) {
            key = keyExtractor.partitionKey(element);
        }
        String id = record.messageId() != null ? record.messageId()
                : idExtractor != null ? idExtractor.messageId(element) : null;
        // the id and headers travel as NATS headers: checked here, so the error names them, not a jnats internal
        if (id != null) {
            checkHeaderText(station, "message id '%s'", id, id, false);
        }
        for (java.util.Map.Entry<String, String> h : record.headers().entrySet()) {
            checkHeaderText(station, "header name '%s'", h.getKey(), h.getKey(), true);
            if (h.getValue() != null) {
                checkHeaderText(station, "header '%s' value", h.getKey(), h.getValue(), false);
            }
        }
        int partition;
        try {
            // JetStream deduplicates per partition stream: a record with an id but no key is routed by
            // its id, so a replay lands on the same partition instead of the next round-robin one
            partition = router.partition(station, key != null ? key : id, record.partition());
        } catch (MemphisSinkException e) {
            throw e;
        } catch (IOException e) {
            throw new MemphisSinkException(station, record.partition(), "station look-up failed: " + e.getMessage(), e);
        }
        OutgoingMessage message = new OutgoingMessage(station, partition, id, record.headers(), record.payload());
        return schemaGate == null || schemaGate.admit(message) ? message : null;
    }

    /**
     * What jnats accepts in a header, refused here with a message naming the id or header: names are printable
     * US-ASCII without ':', values US-ASCII without CR or LF.
     *
     * @param what    how the error names the text, a format of {@code whatArg} ({@code "message id '%s'"})
     */
    static void checkHeaderText(String station, String what, String whatArg, String text, boolean name) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = name ? c > ' ' && c < 127 && c != ':' : c < 128 && c != '\r' && c != '\n';
            if (!ok) {
                // the description is formatted only here: this check runs for every record
                throw new IllegalArgumentException("station " + station + ": " + String.format(what, whatArg)
                        + ": character " + String.format("U+%04X", (int) c) + " at index " + i + " cannot be sent, NATS headers hold "
                        + (name ? "names of printable US-ASCII without ':'" : "values of US-ASCII without line breaks"));
            }
        }
    }
}
