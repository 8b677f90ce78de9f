package dev.lakestation.memphis.schemaverse;

import dev.lakestation.memphis.annotation.Internal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.JsonDecoder;
import org.apache.avro.io.ResolvingDecoder;

/**
 * Avro validation of JSON payloads, as Memphis does it: the payload on the wire is JSON, checked
 * against the Avro schema (not Avro binary). The payload is decoded with Avro's own
 * {@link JsonDecoder} and {@link GenericDatumReader}, so it must follow Avro's JSON encoding (a non-null
 * union value is written {@code {"string": "x"}}; {@code null} as is).
 *
 * <p>Avro's decoder is lenient in two ways Memphis' SDKs are not: it truncates {@code 1.5} into an
 * int or long field and ignores text after the datum. The payload is therefore also read as a JSON tree
 * (Jackson, trailing tokens refused) and the int/long positions are checked to hold integers.
 *
 * <p>The schema is parsed once; each thread keeps one decoder and reader and re-points them at the
 * next payload, so no grammar is rebuilt per message.
 */
@Internal
final class AvroJsonValidator implements PayloadValidator {
    private static final ObjectReader TREE_READER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).reader();

    private final Schema schema;
    private final ThreadLocal<Worker> workers;

    private AvroJsonValidator(Schema schema) {
        this.schema = schema;
        this.workers = ThreadLocal.withInitial(this::newWorker);
    }

    static AvroJsonValidator compile(String schemaContent) {
        if (schemaContent == null || schemaContent.isBlank()) {
            throw new InvalidSchemaException("invalid avro schema: empty");
        }
        try {
            Schema schema = new Schema.Parser().setValidateDefaults(true).parse(schemaContent);
            return new AvroJsonValidator(schema);
        } catch (AvroRuntimeException e) { // SchemaParseException, AvroTypeException for bad defaults
            throw new InvalidSchemaException("invalid avro schema: " + e.getMessage(), e);
        }
    }

    Schema schema() {
        return schema;
    }

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    @Override
    public void validate(byte[] payload) throws SchemaViolationException {
        JsonNode tree;
        try {
            tree = TREE_READER.readTree(payload);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new SchemaViolationException(SchemaType.AVRO, new SchemaViolation("", "not valid JSON: " + reason));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new SchemaViolationException(SchemaType.AVRO, new SchemaViolation("", "empty payload"));
        }
        Worker w = workers.get();
        w.reader.path.clear();
        try {
            w.decoder.configure(new ByteArrayInputStream(payload));
            w.reader.read(null, w.decoder);
        } catch (JsonProcessingException e) {
            throw new SchemaViolationException(SchemaType.AVRO,
                    new SchemaViolation(w.reader.pointer(), "not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException | AvroRuntimeException e) {
            throw new SchemaViolationException(SchemaType.AVRO,
                    new SchemaViolation(w.reader.pointer(), String.valueOf(e.getMessage())));
        }
        String fraction = nonIntegral(schema, tree, "");
        if (fraction != null) {
            throw new SchemaViolationException(SchemaType.AVRO, new SchemaViolation(fraction,
                    "Expected an integer (int/long), got " + tree.at(fraction)));
        }
    }

    /**
     * The pointer of the first int/long value in {@code node} that is not integral, or null. Runs after
     * the decoder accepted the payload, so the tree already has the schema's shape.
     */
    private static String nonIntegral(Schema s, JsonNode node, String at) {
        switch (s.getType()) {
            case INT, LONG:
                return node.isIntegralNumber() ? null : at;
            case RECORD:
                for (Schema.Field f : s.getFields()) {
                    JsonNode v = node.get(f.name());
                    if (v != null) {
                        String r = nonIntegral(f.schema(), v, at + "/" + escapePointer(f.name()));
                        if (r != null) {
                            return r;
                        }
                    }
                }
                return null;
            case ARRAY:
                for (int i = 0; i < node.size(); i++) {
                    String r = nonIntegral(s.getElementType(), node.get(i), at + "/" + i);
                    if (r != null) {
                        return r;
                    }
                }
                return null;
            case MAP:
                for (var it = node.fields(); it.hasNext(); ) {
                    var e = it.next();
                    String r = nonIntegral(s.getValueType(), e.getValue(), at + "/" + escapePointer(e.getKey()));
                    if (r != null) {
                        return r;
                    }
                }
                return null;
            case UNION:
                if (node.isNull() || !node.isObject() || node.size() != 1) {
                    return null;
                }
                String branch = node.fieldNames().next();
                Integer index = s.getIndexNamed(branch);
                return index == null ? null : nonIntegral(s.getTypes().get(index), node.get(branch), at);
            default:
                return null;
        }
    }

    private static String escapePointer(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private Worker newWorker() {
        try {
            return new Worker(DecoderFactory.get().jsonDecoder(schema, "null"), new PathTrackingReader(schema));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a JSON decoder for " + schema.getFullName(), e);
        }
    }

    private record Worker(JsonDecoder decoder, PathTrackingReader reader) {}

    /**
     * Remembers where in the datum it is, so that a decoding error can name the field: each frame
     * holds a record field name, an array index or a map key.
     */
    private static final class PathTrackingReader extends GenericDatumReader<Object> {
        private final Deque<Frame> path = new ArrayDeque<>();

        PathTrackingReader(Schema schema) {
            super(schema, schema, GenericData.get());
        }

        @Override
        protected void readField(Object r, Schema.Field f, Object oldDatum, ResolvingDecoder in, Object state)
                throws IOException {
            path.addLast(new Frame(f.name()));
            super.readField(r, f, oldDatum, in, state);
            path.removeLast();
        }

        @Override
        protected Object readArray(Object old, Schema expected, ResolvingDecoder in) throws IOException {
            path.addLast(new Frame(0));
            Object result = super.readArray(old, expected, in);
            path.removeLast();
            return result;
        }

        @Override
        protected void addToArray(Object array, long pos, Object e) {
            super.addToArray(array, pos, e);
            path.getLast().index++;
        }

        @Override
        protected Object readMap(Object old, Schema expected, ResolvingDecoder in) throws IOException {
            path.addLast(new Frame(""));
            Object result = super.readMap(old, expected, in);
            path.removeLast();
            return result;
        }

        @Override
        protected Object readMapKey(Object old, Schema expected, Decoder in) throws IOException {
            Object key = super.readMapKey(old, expected, in);
            path.getLast().name = key.toString();
            return key;
        }

        /** The JSON pointer of the value being read, e.g. {@code /items/2/sku}. */
        String pointer() {
            StringBuilder sb = new StringBuilder();
            for (Iterator<Frame> it = path.iterator(); it.hasNext(); ) {
                Frame f = it.next();
                sb.append('/').append(f.name != null ? escape(f.name) : Long.toString(f.index));
            }
            return sb.toString();
        }

        private static String escape(String token) {
            return token.replace("~", "~0").replace("/", "~1");
        }
    }

    private static final class Frame {
        String name;
        long index;

        Frame(String name) {
            this.name = name;
        }

        Frame(long index) {
            this.index = index;
        }
    }
}
