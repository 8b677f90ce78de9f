package dev.lakestation.jobs.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetEventTest {

    private static final Instant T = Instant.parse("2024-03-01T10:05:00Z");

    @Test
    void jsonRoundTripsWithTheDocumentedFieldNames() throws Exception {
        DatasetEvent e = DatasetEvent.of("starbake.orders", DatasetKind.LOAD, "load:daily@20240301T0000",
                "20240301T0000", 10, 9, 1, T);
        String json = e.toJson();
        assertThat(json).isEqualTo("{\"event_id\":\"" + e.eventId() + "\",\"dataset\":\"starbake.orders\","
                + "\"kind\":\"LOAD\",\"run_id\":\"load:daily@20240301T0000\",\"sl_schedule\":\"20240301T0000\","
                + "\"rows_written\":10,\"rows_accepted\":9,\"rows_rejected\":1,\"event_time\":\"2024-03-01T10:05:00Z\"}");
        assertThat(DatasetEvent.fromJson(json)).isEqualTo(e);
        DatasetEvent noPeriod = DatasetEvent.of("kpi.x", DatasetKind.TRANSFORM, "r", null, 3, 3, 0, T);
        assertThat(DatasetEvent.fromJson(noPeriod.toJson())).isEqualTo(noPeriod);
    }

    @Test
    void theIdDependsOnDatasetAndRunOnly() {
        DatasetEvent a = DatasetEvent.of("s.t", DatasetKind.LOAD, "run-1", null, 1, 1, 0, T);
        DatasetEvent again = DatasetEvent.of("s.t", DatasetKind.LOAD, "run-1", null, 2, 2, 0, T.plusSeconds(60));
        assertThat(again.eventId()).isEqualTo(a.eventId());
        assertThat(DatasetEvent.of("s.t", DatasetKind.LOAD, "run-2", null, 1, 1, 0, T).eventId())
                .isNotEqualTo(a.eventId());
        assertThat(DatasetEvent.of("s.u", DatasetKind.LOAD, "run-1", null, 1, 1, 0, T).eventId())
                .isNotEqualTo(a.eventId());
        assertThat(a.eventId()).isEqualTo(DatasetEvent.idFor("s.t", "run-1"));
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> DatasetEvent.fromJson("{\"event_id\":\"x\",\"kind\":\"LOAD\"}"))
                .hasMessage("dataset event: field 'event_time' is missing");
        assertThatThrownBy(() -> DatasetEvent.fromJson("{\"event_id\":\"x\",\"dataset\":\"a.b\",\"kind\":\"COPY\","
                + "\"run_id\":\"r\",\"event_time\":\"2024-03-01T10:05:00Z\"}"))
                .hasMessage("dataset event: kind 'COPY' is not LOAD or TRANSFORM");
        assertThatThrownBy(() -> DatasetEvent.fromJson("{\"event_id\":\"x\",\"dataset\":\"a.b\",\"kind\":\"LOAD\","
                + "\"run_id\":\"r\",\"event_time\":\"2024-03-01T10:05:00Z\",\"rows_written\":\"ten\"}"))
                .hasMessage("dataset event: field 'rows_written' must be an integer");
        assertThatThrownBy(() -> DatasetEvent.fromJson("{\"event_id\":"))
                .hasMessageStartingWith("dataset event: invalid JSON at column");
        assertThatThrownBy(() -> DatasetEvent.of("a.b", DatasetKind.LOAD, "r", "2024-03-01", 0, 0, 0, T))
                .hasMessageContaining("sl_schedule '2024-03-01' is not yyyyMMddTHHmm");
    }

    @Test
    void avroAndJsonSchemasDescribeTheSameFieldsAsTheJson() throws Exception {
        Schema avro;
        try (InputStream in = getClass().getResourceAsStream("dataset-event.avsc")) {
            avro = new Schema.Parser().parse(in);
        }
        JsonNode jsonSchema;
        try (InputStream in = getClass().getResourceAsStream("dataset-event.schema.json")) {
            jsonSchema = new ObjectMapper().readTree(in);
        }
        List<String> written = new ArrayList<>();
        new ObjectMapper().readTree(DatasetEvent.of("a.b", DatasetKind.LOAD, "r", null, 0, 0, 0, T).toJson())
                .fieldNames().forEachRemaining(written::add);
        assertThat(avro.getFields()).extracting(Schema.Field::name).containsExactlyElementsOf(written);
        List<String> props = new ArrayList<>();
        jsonSchema.get("properties").fieldNames().forEachRemaining(props::add);
        assertThat(props).containsExactlyElementsOf(written);
        assertThat(avro.getField("kind").schema().getEnumSymbols()).containsExactly("LOAD", "TRANSFORM");
    }
}
