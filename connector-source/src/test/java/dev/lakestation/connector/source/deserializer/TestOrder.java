package dev.lakestation.connector.source.deserializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A hand-written Avro specific record, shaped like avro-tools' generated classes (static
 * {@code SCHEMA$}, positional get/put, bean accessors): the build has no Avro code generation.
 * The schema's namespace and name are this class's, so {@link SpecificData} resolves it.
 */
public class TestOrder extends SpecificRecordBase {
    private static final long serialVersionUID = 1L;
    public static final Schema SCHEMA$ = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"TestOrder\","
            + "\"namespace\":\"dev.lakestation.connector.source.deserializer\",\"fields\":["
            + "{\"name\":\"id\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}},"
            + "{\"name\":\"qty\",\"type\":\"int\"},"
            + "{\"name\":\"price\",\"type\":\"double\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",{\"type\":\"string\",\"avro.java.string\":\"String\"}],"
            + "\"default\":null}]}");

    private String id;
    private int qty;
    private double price;
    private String note;

    public TestOrder() {}

    public TestOrder(String id, int qty, double price, String note) {
        this.id = id;
        this.qty = qty;
        this.price = price;
        this.note = note;
    }

    /** Avro's own encoding of this record: the bytes a producer with the same schema sends. */
    public byte[] encode(AvroEncoding encoding) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Encoder enc = encoding == AvroEncoding.JSON
                ? EncoderFactory.get().jsonEncoder(SCHEMA$, out)
                : EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(TestOrder.class).write(this, enc);
        enc.flush();
        return out.toByteArray();
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        switch (field) {
            case 0: return id;
            case 1: return qty;
            case 2: return price;
            case 3: return note;
            default: throw new IndexOutOfBoundsException("Invalid index: " + field);
        }
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0: id = value == null ? null : value.toString(); break;
            case 1: qty = (Integer) value; break;
            case 2: price = (Double) value; break;
            case 3: note = value == null ? null : value.toString(); break;
            default: throw new IndexOutOfBoundsException("Invalid index: " + field);
        }
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public int getQty() {
        return qty;
    }

    public void setQty(int qty) {
        this.qty = qty;
    }

    public double getPrice() {
        return price;
    }

    public void setPrice(double price) {
        this.price = price;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestOrder t && Objects.equals(id, t.id) && qty == t.qty && price == t.price
                && Objects.equals(note, t.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, qty, price, note);
    }

    @Override
    public String toString() {
        return id + ":" + qty + ":" + price + ":" + note;
    }
}
