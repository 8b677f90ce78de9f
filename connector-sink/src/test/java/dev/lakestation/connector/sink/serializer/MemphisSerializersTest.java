package dev.lakestation.connector.sink.serializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class MemphisSerializersTest {
    private static final Schema ORDER = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
                    + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

    record Order(long id, String customer) {}

    @Test
    void stringAndBytes() {
        assertThat(MemphisSerializers.string().serialize("é")).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
        assertThat(MemphisSerializers.bytes().serialize(new byte[] {1, 2})).containsExactly(1, 2);
    }

    @Test
    void jsonOfRecordsAndMaps() throws Exception {
        var json = InstantiationUtil.clone(MemphisSerializers.<Object>json());
        assertThat(new String(json.serialize(new Order(7, "c1")), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":7,\"customer\":\"c1\"}");
        assertThat(new String(json.serialize(Map.of("a", 1)), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void avroJsonAndBinaryDecodeBack() throws Exception {
        GenericRecord order = new GenericData.Record(ORDER);
        order.put("id", 42L);
        order.put("note", "rush");
        var asJson = InstantiationUtil.clone(MemphisSerializers.avroJson(ORDER));
        var asBinary = InstantiationUtil.clone(MemphisSerializers.avroBinary(ORDER));

        byte[] json = asJson.serialize(order);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"id\":42,\"note\":{\"string\":\"rush\"}}");
        GenericRecord fromJson = new GenericDatumReader<GenericRecord>(ORDER)
                .read(null, DecoderFactory.get().jsonDecoder(ORDER, new ByteArrayInputStream(json)));
        assertThat(fromJson).isEqualTo(order);

        byte[] binary = asBinary.serialize(order);
        GenericRecord fromBinary = new GenericDatumReader<GenericRecord>(ORDER)
                .read(null, DecoderFactory.get().binaryDecoder(binary, null));
        assertThat(fromBinary).isEqualTo(order);
    }

    @Test
    void avroNamesTheSchemaOnMismatch() {
        GenericRecord wrong = new GenericData.Record(ORDER);
        wrong.put("id", "not a long");
        assertThatThrownBy(() -> MemphisSerializers.avroJson(ORDER).serialize(wrong))
                .hasMessageContaining("Avro schema Order");
    }

    @Test
    void recordRulesFollowMemphis() {
        assertThatThrownBy(() -> MemphisSinkRecord.builder(new byte[0]).partitionKey("k").partition(2).build())
                .hasMessageContaining("a partition key or a partition number, not both");
        assertThatThrownBy(() -> MemphisSinkRecord.builder(new byte[0]).header("$memphis_x", "1").build())
                .hasMessageContaining("reserved by Memphis");
        assertThatThrownBy(() -> MemphisSinkRecord.builder(new byte[0]).partition(0).build())
                .hasMessageContaining("partition numbers start at 1");
    }
}
