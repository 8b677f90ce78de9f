package dev.lakestation.schema.types;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Types checked by regex (string, variant, long, int, short, byte, decimal), then cast like Spark.
 * The regex must cover the whole value: Starlake's test is "the first match found spans the value",
 * with {@code (?s)} prepended unless the pattern starts with its own flags {@code (?...)}.
 */
final class RegexParser implements ValueParser {

    private final Pattern pattern;
    private final FastMatch fast;
    private final SimpleRegex simple;
    private final PrimitiveType primitive;
    private final int precision;
    private final int scale;

    RegexParser(String rawPattern, PrimitiveType primitive, int precision, int scale) {
        String finalPattern = rawPattern.startsWith("(?") ? rawPattern : "(?s)" + rawPattern;
        this.pattern = Pattern.compile(finalPattern);
        this.fast = rawPattern.startsWith("(?") ? FastMatch.NONE : FastMatch.forPattern(rawPattern);
        this.simple = rawPattern.startsWith("(?") ? null : SimpleRegex.compile(rawPattern);
        this.primitive = primitive;
        this.precision = precision;
        this.scale = scale;
    }

    boolean matches(String s) {
        if (fast.accepts(s)) {
            return true;
        }
        if (simple != null) {
            Boolean answer = simple.spansWhole(s);
            if (answer != null) {
                return answer;
            }
        }
        // Starlake: "the first match found spans the value". A match at offset 0 is found first when one exists,
        // and a match starting later cannot span the value, so lookingAt() gives the same answer, cheaper.
        Matcher m = pattern.matcher(s);
        return m.lookingAt() && m.end() == s.length();
    }

    @Override
    public Object parse(String raw) {
        if (!matches(raw)) {
            return SlType.MISMATCH;
        }
        switch (primitive) {
            case STRING:
            case VARIANT:
                return raw;
            case LONG: {
                Long v = SparkCasts.parseIntegral(raw, Long.MIN_VALUE, Long.MAX_VALUE);
                return v == null ? SlType.NOT_CONVERTIBLE : v;
            }
            case INT: {
                Long v = SparkCasts.parseIntegral(raw, Integer.MIN_VALUE, Integer.MAX_VALUE);
                return v == null ? SlType.NOT_CONVERTIBLE : Integer.valueOf(v.intValue());
            }
            case SHORT: {
                Long v = SparkCasts.parseIntegral(raw, Short.MIN_VALUE, Short.MAX_VALUE);
                return v == null ? SlType.NOT_CONVERTIBLE : Integer.valueOf(v.intValue());
            }
            case BYTE:
                return parseByte(raw);
            case DECIMAL: {
                BigDecimal d = SparkCasts.parseDecimal(raw, precision, scale);
                return d == null ? SlType.NOT_CONVERTIBLE : d;
            }
            default:
                throw new IllegalStateException("not a regex type: " + primitive);
        }
    }

    /**
     * Starlake accepts any non-empty value as a byte (it keeps the first character). We store Spark's
     * numeric cast when the value is a number in byte range ("7" → 7), otherwise the first character's code
     * ("C" → 67), where Spark's cast would silently write null.
     */
    private static Object parseByte(String raw) {
        if (raw.isEmpty()) {
            return SlType.NOT_CONVERTIBLE;
        }
        Long v = SparkCasts.parseIntegral(raw, Byte.MIN_VALUE, Byte.MAX_VALUE);
        if (v != null) {
            return Integer.valueOf(v.intValue());
        }
        return Integer.valueOf((byte) raw.charAt(0));
    }
}
