package dev.lakestation.jobs.load.format.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson tokens to the record tree the validator reads: objects as LinkedHashMap (key order kept, a repeated
 * key keeps the last value), arrays as ArrayList, integers as Long (BigDecimal beyond long), other numbers
 * as Double when the double has the same decimal value as the text, else BigDecimal (no digit lost), strings,
 * booleans and null.
 */
final class JsonTrees {
    private JsonTrees() {
    }

    /** Reads the object whose START_OBJECT is the current token. */
    static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            m.put(key, value(p));
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + t + " in an object");
        }
        return m;
    }

    private static List<Object> array(JsonParser p) throws IOException {
        List<Object> l = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            l.add(value(p));
        }
        return l;
    }

    static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
                return object(p);
            case START_ARRAY:
                return array(p);
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(p.getBigIntegerValue()) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT: {
                // both from the text: BigDecimal.doubleValue() formats and re-parses any value of 16+ digits
                String text = p.getText();
                BigDecimal exact = new BigDecimal(text);
                double d = Double.parseDouble(text) + 0.0; // + 0.0: -0.0 → 0.0, as BigDecimal has no -0
                return Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0
                        ? (Object) d : exact;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + t);
        }
    }
}
