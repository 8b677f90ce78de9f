package dev.lakestation.connector.source.deserializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakestation.connector.source.MemphisRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** {@code avroSpecific(Cls.class, JSON|BINARY)} into a specific record class. */
class AvroSpecificDeserializerTest {
    static final List<TestOrder> ORDERS = List.of(
            new TestOrder("o1", 3, 9.5, null),
            new TestOrder("o2", -1, 0.25, "gift wrap"),
            new TestOrder("ö3", Integer.MAX_VALUE, 1e9, ""));

    private static List<TestOrder> run(AvroEncoding encoding, List<byte[]> payloads) throws Exception {
        // shipped to the task managers with Java serialization, then fed one record after another
        MemphisDeserializationSchema<TestOrder> schema =
                InstantiationUtil.clone(MemphisDeserializers.avroSpecific(TestOrder.class, encoding));
        List<TestOrder> out = new ArrayList<>();
        Collector<TestOrder> collector = new Collector<>() {
            public void collect(TestOrder v) {
                out.add(v);
            }

            public void close() {}
        };
        long seq = 1;
        for (byte[] p : payloads) {
            schema.deserialize(new MemphisRecord("s", 1, seq++, 1_700_000_000_000L, 1, null, p), collector);
        }
        return out;
    }

    @Test
    void readsJsonEncodedRecords() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        for (TestOrder o : ORDERS) {
            payloads.add(o.encode(AvroEncoding.JSON));
        }
        // as a producer writes it by hand (Avro JSON: unions tagged with their branch)
        payloads.add("{\"id\":\"o4\",\"qty\":7,\"price\":2.0,\"note\":{\"string\":\"by hand\"}}"
                .getBytes(StandardCharsets.UTF_8));
        List<TestOrder> expected = new ArrayList<>(ORDERS);
        expected.add(new TestOrder("o4", 7, 2.0, "by hand"));
        List<TestOrder> read = run(AvroEncoding.JSON, payloads);
        assertThat(read).containsExactlyElementsOf(expected);
        assertThat(read.get(0).getId()).isInstanceOf(String.class);
    }

    @Test
    void readsBinaryEncodedRecordsOneAfterAnother() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        for (TestOrder o : ORDERS) {
            payloads.add(o.encode(AvroEncoding.BINARY));
        }
        // the reused binary decoder must not carry bytes from one message into the next
        assertThat(run(AvroEncoding.BINARY, payloads)).containsExactlyElementsOf(ORDERS);
    }

    @Test
    void bytesInTheOtherEncodingFail() throws Exception {
        assertThatThrownBy(() -> run(AvroEncoding.JSON, List.of(ORDERS.get(1).encode(AvroEncoding.BINARY))))
                .isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> run(AvroEncoding.JSON, List.of("{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(org.apache.avro.AvroTypeException.class);
    }

    @Test
    void producedTypeIsFlinksAvroTypeWhoseSerializerRoundTrips() throws Exception {
        TypeInformation<TestOrder> type =
                MemphisDeserializers.avroSpecific(TestOrder.class, AvroEncoding.BINARY).getProducedType();
        assertThat(type).isInstanceOf(AvroTypeInfo.class);
        assertThat(type.getTypeClass()).isEqualTo(TestOrder.class);
        TypeSerializer<TestOrder> serializer = type.createSerializer(new SerializerConfigImpl());
        for (TestOrder o : ORDERS) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            serializer.serialize(o, out);
            assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(o);
        }
    }
}
