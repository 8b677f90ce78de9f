package dev.lakestation.jobs.load;

import dev.lakestation.connector.source.MemphisRecord;
import dev.lakestation.connector.source.deserializer.MemphisDeserializationSchema;
import dev.lakestation.jobs.load.format.FormatSpec;
import dev.lakestation.jobs.load.format.MalformedInputFileException;
import dev.lakestation.jobs.load.format.RawRecord;
import dev.lakestation.jobs.load.format.Readers;
import dev.lakestation.jobs.load.format.RecordReader;
import dev.lakestation.schema.project.TableModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * The station side of {@link SplitRows}: decodes a message payload with the table's format reader
 * ({@link Readers#openPayload}: one JSON object, one DSV/POSITION line, one XML element, or a whole file with
 * {@code memphis.payload: file}) and validates each record with the same {@link RowValidation}, inside
 * {@code MemphisSource}'s reader. Never throws for a bad message: an undecodable payload, or one without any
 * record, becomes a rejected row. Rejected rows carry the message's station, partition and sequence and are
 * also dead-lettered by the source with Starlake's text as reason ({@link #deadLetterReason}).
 *
 * <pre>{@code
 * MemphisSource.<LoadRow>builder().setDeserializer(new StationPayloads(ref.model("sales", "orders"), spec, false))...
 * }</pre>
 */
public final class StationPayloads implements MemphisDeserializationSchema<LoadRow> {

    private final TableModel model;
    private final FormatSpec spec;
    private final boolean rejectWithValue;
    private transient RowValidation validation;

    /** @param model the table (built where the project was read: {@link ProjectRef#model}) */
    public StationPayloads(TableModel model, FormatSpec spec, boolean rejectWithValue) {
        this.model = model;
        this.spec = spec;
        this.rejectWithValue = rejectWithValue;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        validation();
    }

    private RowValidation validation() {
        if (validation == null) {
            // a message is loaded when it arrives: current_date()/current_timestamp() follow the clock
            validation = new RowValidation(model.validator(), rejectWithValue, Clock.systemUTC(),
                    r -> r.line);
        }
        return validation;
    }

    /** How a message names itself in rejected rows and errors: {@code station:<station>#<partition>@<sequence>}. */
    public static String sourceName(String station, int partition, long sequence) {
        return "station:" + station + "#" + partition + "@" + sequence;
    }

    @Override
    public void deserialize(MemphisRecord message, Collector<LoadRow> out) {
        RowValidation v = validation();
        String name = sourceName(message.station(), message.partition(), message.sequence());
        int records = 0;
        try (RecordReader in = Readers.openPayload(spec, name, message.data())) {
            List<String> columns = in.inputColumns();
            for (RawRecord r; (r = in.next()) != null; records++) {
                out.collect(v.validate(r, columns).fromMessage(message.station(), message.partition(),
                        message.sequence()));
            }
        } catch (MalformedInputFileException e) {
            out.collect(rejected(v, message, name, e.getMessage()));
            return;
        } catch (IOException | RuntimeException e) {
            out.collect(rejected(v, message, name, "cannot decode the message: " + e.getMessage()));
            return;
        }
        if (records == 0) {
            out.collect(rejected(v, message, name, "the message holds no record"));
        }
    }

    private static LoadRow rejected(RowValidation v, MemphisRecord m, String name, String why) {
        return v.rejectInput(name, why, new String(m.data(), StandardCharsets.UTF_8))
                .fromMessage(m.station(), m.partition(), m.sequence());
    }

    /** Rejected rows go to the station's dead-letter place too, with Starlake's text as reason. */
    @Override
    public String deadLetterReason(LoadRow row) {
        return row.kind() == LoadRow.Kind.REJECTED ? row.error() : null;
    }

    @Override
    public TypeInformation<LoadRow> getProducedType() {
        return TypeInformation.of(LoadRow.class);
    }
}
