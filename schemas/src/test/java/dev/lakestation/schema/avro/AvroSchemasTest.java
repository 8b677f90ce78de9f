package dev.lakestation.schema.avro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.TypeCatalog;
import dev.lakestation.schema.validation.FieldSpec;
import dev.lakestation.schema.validation.RecordContext;
import dev.lakestation.schema.validation.RecordSpec;
import dev.lakestation.schema.validation.RecordValidator;
import dev.lakestation.schema.validation.ValidationResult;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {

    static final TypeCatalog T = TypeCatalog.defaults();

    static SlType t(String n) {
        return T.find(n).orElseThrow();
    }

    static RecordSpec spec() {
        return RecordSpec.builder("sales", "orders")
                .field(FieldSpec.builder("id", t("long")).required(true).build())
                .field(FieldSpec.builder("label", t("string")).rename("name").build())
                .field(FieldSpec.builder("amount", t("decimal")).required(true).build())
                .field(FieldSpec.builder("small", SlType.of("money", PrimitiveType.DECIMAL, ".+", "9,2")).build())
                .field(FieldSpec.builder("qty", t("short")).build())
                .field(FieldSpec.builder("day", t("date")).build())
                .field(FieldSpec.builder("at", t("timestamp")).build())
                .field(FieldSpec.builder("ok", t("boolean")).required(true).build())
                .field(FieldSpec.builder("ratio", t("double")).build())
                .field(FieldSpec.builder("secret", t("string")).ignore(true).build())
                .field(FieldSpec.struct("address", List.of(
                        FieldSpec.builder("zip-code", t("string")).required(true).build(),
                        FieldSpec.builder("geo", t("double")).array(true).build())).build())
                .field(FieldSpec.builder("year", t("long")).script("year(current_date())").required(true).build())
                .build();
    }

    @Test
    void schemaShape() {
        Schema s = AvroSchemas.forSpec(spec());
        assertThat(s.getFullName()).isEqualTo("dev.lakestation.tables.sales_orders");
        assertThat(s.getFields()).extracting(Schema.Field::name).containsExactly(
                "id", "name", "amount", "small", "qty", "day", "at", "ok", "ratio", "address", "year");
        assertThat(s.getField("id").schema().getType()).isEqualTo(Schema.Type.LONG);
        assertThat(s.getField("name").schema().getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        Schema amount = s.getField("amount").schema();
        assertThat(amount.getType()).isEqualTo(Schema.Type.FIXED);
        assertThat(amount.getFixedSize()).isEqualTo(16);
        assertThat(((LogicalTypes.Decimal) amount.getLogicalType()).getPrecision()).isEqualTo(38);
        assertThat(((LogicalTypes.Decimal) amount.getLogicalType()).getScale()).isEqualTo(9);
        assertThat(s.getField("small").schema().getTypes().get(1).getFixedSize()).isEqualTo(4);
        assertThat(s.getField("qty").schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.INT);
        assertThat(s.getField("day").schema().getTypes().get(1).getLogicalType().getName()).isEqualTo("date");
        assertThat(s.getField("at").schema().getTypes().get(1).getLogicalType().getName()).isEqualTo("timestamp-millis");
        assertThat(s.getField("ok").schema().getType()).isEqualTo(Schema.Type.BOOLEAN);
        Schema address = s.getField("address").schema().getTypes().get(1);
        assertThat(address.getType()).isEqualTo(Schema.Type.RECORD);
        Schema.Field zip = address.getField("zip_code");
        assertThat(zip.getProp(AvroSchemas.SOURCE_NAME_PROP)).isEqualTo("zip-code");
        assertThat(zip.schema().getType()).isEqualTo(Schema.Type.STRING);
        Schema geo = address.getField("geo").schema().getTypes().get(1);
        assertThat(geo.getType()).isEqualTo(Schema.Type.ARRAY);
        assertThat(geo.getElementType().getTypes().get(1).getType()).isEqualTo(Schema.Type.DOUBLE);
        // script columns are always nullable
        assertThat(s.getField("year").schema().getType()).isEqualTo(Schema.Type.UNION);
        assertThat(AvroSchemas.fixedSize(9)).isEqualTo(4);
        assertThat(AvroSchemas.fixedSize(18)).isEqualTo(8);
        assertThat(AvroSchemas.fixedSize(19)).isEqualTo(9);
    }

    @Test
    void acceptedRecordsSerialiseAndReadBack() throws Exception {
        RecordValidator v = RecordValidator.of(spec());
        Map<String, Object> in = new java.util.HashMap<>();
        in.put("id", 1L);
        in.put("label", "a");
        in.put("amount", "-12345678901234567890.123456789");
        in.put("small", "-0.5");
        in.put("qty", "3");
        in.put("day", "2024-02-29");
        in.put("at", "2024-02-29 12:00:00");
        in.put("ok", "yes");
        in.put("ratio", 0.25);
        in.put("secret", "s");
        in.put("address", Map.of("zip-code", "75001", "geo", List.of(48.85, 2.35)));
        ValidationResult r = v.validate(in, RecordContext.of("f"));
        GenericRecord rec = ((ValidationResult.Accepted) r).record();
        assertThat(GenericData.get().validate(v.schema(), rec)).isTrue();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v.schema()).write(rec, enc);
        enc.flush();
        GenericRecord back = new GenericDatumReader<GenericRecord>(v.schema())
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        Conversions.DecimalConversion dc = new Conversions.DecimalConversion();
        Schema amount = v.schema().getField("amount").schema();
        assertThat(dc.fromFixed((GenericFixed) back.get("amount"), amount, amount.getLogicalType()))
                .isEqualTo(new BigDecimal("-12345678901234567890.123456789"));
        Schema small = v.schema().getField("small").schema().getTypes().get(1);
        assertThat(dc.fromFixed((GenericFixed) back.get("small"), small, small.getLogicalType()))
                .isEqualTo(new BigDecimal("-0.50"));
        assertThat(back.get("qty")).isEqualTo(3);
        assertThat(back.get("ok")).isEqualTo(true);
        assertThat(((GenericRecord) back.get("address")).get("zip_code").toString()).isEqualTo("75001");
        assertThat(back.get("year")).isNotNull();
    }

    /** An array of records (JSON {@code lines: [{...}]}) with a nested record, a date and a renamed leaf. */
    @Test
    void arraysOfNestedRecordsRoundTrip() throws Exception {
        RecordSpec spec = RecordSpec.builder("shop", "orders")
                .field(FieldSpec.struct("lines", List.of(
                        FieldSpec.builder("sku", t("string")).required(true).build(),
                        FieldSpec.builder("qty", t("int")).rename("quantity").build(),
                        FieldSpec.struct("ship", List.of(FieldSpec.builder("on", t("date")).build())).build()))
                        .array(true).required(true).build())
                .build();
        Schema s = AvroSchemas.forSpec(spec);
        Schema lines = s.getField("lines").schema();
        assertThat(lines.getType()).isEqualTo(Schema.Type.ARRAY); // required: not a union
        Schema line = lines.getElementType().getTypes().get(1);
        assertThat(line.getType()).isEqualTo(Schema.Type.RECORD);
        assertThat(line.getFields()).extracting(Schema.Field::name).containsExactly("sku", "quantity", "ship");
        Schema on = line.getField("ship").schema().getTypes().get(1).getField("on").schema().getTypes().get(1);
        assertThat(on.getLogicalType()).isEqualTo(LogicalTypes.date());

        RecordValidator v = RecordValidator.of(spec);
        GenericRecord rec = ((ValidationResult.Accepted) v.validate(Map.of("lines", List.of(
                Map.of("sku", "a", "qty", 2L, "ship", Map.of("on", "2024-03-01")),
                Map.of("sku", "b"))), RecordContext.of("f"))).record();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(s).write(rec, enc);
        enc.flush();
        GenericRecord back = new GenericDatumReader<GenericRecord>(s)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        List<?> items = (List<?>) back.get("lines");
        assertThat(items).hasSize(2);
        GenericRecord first = (GenericRecord) items.get(0);
        assertThat(first.get("quantity")).isEqualTo(2L);
        assertThat(((GenericRecord) first.get("ship")).get("on"))
                .isEqualTo((int) java.time.LocalDate.of(2024, 3, 1).toEpochDay());
        assertThat(((GenericRecord) items.get(1)).get("ship")).isNull();
        // a missing required leaf inside the array is reported with its index
        ValidationResult bad = v.validate(Map.of("lines", List.of(Map.of("qty", 1L))), RecordContext.of("f"));
        assertThat(((ValidationResult.Rejected) bad).rejection().errors()).containsExactly("`lines[0].sku`  can't be null");
    }

    /** The module is pure Java: Flink is not on its classpath (the validator must not need it). */
    @Test
    void noFlinkOnTheClasspath() {
        assertThat(getClass().getClassLoader().getResource("org/apache/flink/api/common/functions/Function.class"))
                .isNull();
    }
}
