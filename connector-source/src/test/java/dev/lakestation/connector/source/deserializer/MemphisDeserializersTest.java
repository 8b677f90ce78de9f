package dev.lakestation.connector.source.deserializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.source.MemphisRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class MemphisDeserializersTest {
    private static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"qty\",\"type\":\"int\"}]}");

    private static MemphisRecord record(byte[] data) {
        return new MemphisRecord("s", 1, 7, 1_700_000_000_000L, 1, null, data);
    }

    private static <T> List<T> run(MemphisDeserializationSchema<T> schema, byte[] data) throws Exception {
        // round trip through Java serialization as Flink ships it to the task managers
        MemphisDeserializationSchema<T> shipped = InstantiationUtil.clone(schema);
        List<T> out = new ArrayList<>();
        shipped.deserialize(record(data), new Collector<>() {
            public void collect(T v) {
                out.add(v);
            }

            public void close() {}
        });
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bytesAndStrings() throws Exception {
        assertThat(run(MemphisDeserializers.bytes(), utf8("x"))).containsExactly(utf8("x"));
        assertThat(run(MemphisDeserializers.string(), utf8("héllo"))).containsExactly("héllo");
        assertThat(run(MemphisDeserializationSchema.valueOnly(new SimpleStringSchema()), utf8("v")))
                .containsExactly("v");
    }

    @Test
    void jsonToRowByFieldNameWithNestedRows() throws Exception {
        RowTypeInfo address = new RowTypeInfo(new org.apache.flink.api.common.typeinfo.TypeInformation[] {Types.STRING},
                new String[] {"city"});
        RowTypeInfo type = new RowTypeInfo(new org.apache.flink.api.common.typeinfo.TypeInformation[] {
                Types.STRING, Types.INT, Types.DOUBLE, Types.BOOLEAN, address},
                new String[] {"id", "qty", "price", "paid", "address"});
        List<Row> rows = run(MemphisDeserializers.jsonRow(type),
                utf8("{\"id\":\"o1\",\"qty\":3,\"price\":9.5,\"address\":{\"city\":\"Lyon\"},\"extra\":1}"));
        assertThat(rows).containsExactly(Row.of("o1", 3, 9.5, null, Row.of("Lyon")));
        assertThatThrownBy(() -> run(MemphisDeserializers.jsonRow(type), utf8("{\"qty\":\"many\"}")))
                .hasMessageContaining("field 'qty'");
        assertThatThrownBy(() -> run(MemphisDeserializers.jsonRow(type), utf8("[1]")))
                .hasMessageContaining("expected a JSON object");
    }

    @Test
    void avroGenericFromJsonAndBinary() throws Exception {
        GenericRecord rec = new GenericData.Record(SCHEMA);
        rec.put("id", "o1");
        rec.put("qty", 3);
        List<GenericRecord> fromJson = run(MemphisDeserializers.avroGeneric(SCHEMA, AvroEncoding.JSON),
                utf8("{\"id\":\"o1\",\"qty\":3}"));
        assertThat(fromJson).containsExactly(rec);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(SCHEMA).write(rec, enc);
        enc.flush();
        assertThat(run(MemphisDeserializers.avroGeneric(SCHEMA, AvroEncoding.BINARY), bytes.toByteArray()))
                .containsExactly(rec);
        assertThat(MemphisDeserializers.avroGeneric(SCHEMA, AvroEncoding.JSON).getProducedType().getTypeClass())
                .isEqualTo(GenericRecord.class);
    }
}
