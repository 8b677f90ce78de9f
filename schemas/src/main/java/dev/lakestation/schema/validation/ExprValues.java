package dev.lakestation.schema.validation;

import dev.lakestation.schema.types.PrimitiveType;
import dev.lakestation.schema.types.SlType;
import dev.lakestation.schema.types.SparkCasts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Value conversions of the expression language, following Spark's non-ANSI casts: a failed cast is null.
 * Runtime values are String, Long, Double, BigDecimal, Boolean, LocalDate (date), Instant (timestamp) or null.
 */
final class ExprValues {

    static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIMESTAMP_PARSE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
            .toFormatter(Locale.ROOT);

    private ExprValues() {
    }

    /** Spark's cast to string. */
    static String toText(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Instant) {
            return TIMESTAMP_TEXT.format((Instant) v);
        }
        if (v instanceof Map || v instanceof List) {
            return Json.write(v);
        }
        if (v instanceof ByteBuffer) {
            return Json.write(v);
        }
        return v.toString();
    }

    /** Cast for arithmetic: Long, Double or BigDecimal; strings become Double like Spark's implicit cast. */
    static Object toNumber(Object v) {
        if (v == null || v instanceof Long || v instanceof Double || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        if (v instanceof Boolean) {
            return ((Boolean) v) ? 1L : 0L;
        }
        if (v instanceof String) {
            try {
                return Double.parseDouble(((String) v).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Long toLong(Object v) {
        if (v instanceof String) {
            return SparkCasts.parseIntegral((String) v, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        Object n = toNumber(v);
        if (n == null) {
            return null;
        }
        return ((Number) n).longValue();
    }

    static Double toDouble(Object v) {
        Object n = toNumber(v);
        return n == null ? null : ((Number) n).doubleValue();
    }

    static BigDecimal toDecimal(Object v) {
        if (v instanceof String) {
            try {
                return new BigDecimal(((String) v).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Object n = toNumber(v);
        if (n == null) {
            return null;
        }
        if (n instanceof BigDecimal) {
            return (BigDecimal) n;
        }
        if (n instanceof Long) {
            return BigDecimal.valueOf((Long) n);
        }
        double d = (Double) n;
        return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    }

    static Boolean toBoolean(Object v) {
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof String) {
            switch (((String) v).trim().toLowerCase(Locale.ROOT)) {
                case "t": case "true": case "y": case "yes": case "1":
                    return Boolean.TRUE;
                case "f": case "false": case "n": case "no": case "0":
                    return Boolean.FALSE;
                default:
                    return null;
            }
        }
        Object n = toNumber(v);
        return n == null ? null : ((Number) n).doubleValue() != 0;
    }

    static LocalDate toDate(Object v) {
        if (v == null || v instanceof LocalDate) {
            return (LocalDate) v;
        }
        if (v instanceof Instant) {
            return LocalDate.ofInstant((Instant) v, ZoneOffset.UTC);
        }
        if (v instanceof String) {
            String s = ((String) v).trim();
            try {
                return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    static Instant toTimestamp(Object v) {
        if (v == null || v instanceof Instant) {
            return (Instant) v;
        }
        if (v instanceof LocalDate) {
            return ((LocalDate) v).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (v instanceof String) {
            try {
                var parsed = TIMESTAMP_PARSE.parseBest(((String) v).trim(), LocalDateTime::from, LocalDate::from);
                return parsed instanceof LocalDateTime ? ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC)
                        : ((LocalDate) parsed).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (RuntimeException e) {
                return null;
            }
        }
        Object n = toNumber(v);
        if (n == null) {
            return null;
        }
        // Spark: numeric → timestamp counts seconds
        return Instant.ofEpochMilli((long) (((Number) n).doubleValue() * 1000));
    }

    /** Expression value → Avro-ready value of {@code type} (see {@link SlType}), null when the cast fails. */
    static Object toAvro(Object v, SlType type) {
        if (v == null) {
            return null;
        }
        PrimitiveType p = type.primitiveType();
        switch (p) {
            case STRING:
            case VARIANT:
                return toText(v);
            case LONG:
                return toLong(v);
            case INT:
            case SHORT:
            case BYTE: {
                Long l;
                if (v instanceof String) {
                    long min = p == PrimitiveType.INT ? Integer.MIN_VALUE : p == PrimitiveType.SHORT ? Short.MIN_VALUE : Byte.MIN_VALUE;
                    long max = p == PrimitiveType.INT ? Integer.MAX_VALUE : p == PrimitiveType.SHORT ? Short.MAX_VALUE : Byte.MAX_VALUE;
                    l = SparkCasts.parseIntegral((String) v, min, max);
                } else {
                    l = toLong(v);
                }
                if (l == null) {
                    return null;
                }
                // Spark's non-ANSI narrowing wraps around
                long x = l;
                return p == PrimitiveType.INT ? (int) x : p == PrimitiveType.SHORT ? (int) (short) x : (int) (byte) x;
            }
            case DOUBLE:
                return toDouble(v);
            case DECIMAL: {
                BigDecimal d = toDecimal(v);
                if (d == null) {
                    return null;
                }
                BigDecimal scaled = d.setScale(type.scale(), RoundingMode.HALF_UP);
                return scaled.precision() > type.precision() && scaled.signum() != 0 ? null : scaled;
            }
            case BOOLEAN:
                return toBoolean(v);
            case DATE: {
                LocalDate d = toDate(v);
                return d == null ? null : (int) d.toEpochDay();
            }
            case TIMESTAMP: {
                Instant t = toTimestamp(v);
                return t == null ? null : t.toEpochMilli();
            }
            default:
                return null;
        }
    }

    /** Avro-ready value of a column → expression value. */
    static Object fromAvro(Object v, PrimitiveType p) {
        if (v == null) {
            return null;
        }
        switch (p) {
            case INT:
            case SHORT:
            case BYTE:
                return ((Number) v).longValue();
            case DATE:
                return LocalDate.ofEpochDay(((Number) v).longValue());
            case TIMESTAMP:
                return Instant.ofEpochMilli(((Number) v).longValue());
            case STRING:
            case VARIANT:
                return v.toString();
            case DECIMAL:
                if (v instanceof org.apache.avro.generic.GenericFixed) { // a decimal inside a struct
                    org.apache.avro.generic.GenericFixed f = (org.apache.avro.generic.GenericFixed) v;
                    int scale = ((org.apache.avro.LogicalTypes.Decimal) f.getSchema().getLogicalType()).getScale();
                    return new BigDecimal(new BigInteger(f.bytes()), scale);
                }
                return v;
            default:
                return v;
        }
    }

    /** SQL comparison; null when either side is null or they cannot be compared. */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof String && b instanceof String) {
            return Integer.signum(((String) a).compareTo((String) b));
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            Boolean x = toBoolean(a);
            Boolean y = toBoolean(b);
            return x == null || y == null ? null : Boolean.compare(x, y);
        }
        if (a instanceof LocalDate || b instanceof LocalDate) {
            if (a instanceof Instant || b instanceof Instant) {
                Instant x = toTimestamp(a);
                Instant y = toTimestamp(b);
                return x == null || y == null ? null : Integer.signum(x.compareTo(y));
            }
            LocalDate x = toDate(a);
            LocalDate y = toDate(b);
            return x == null || y == null ? null : Integer.signum(x.compareTo(y));
        }
        if (a instanceof Instant || b instanceof Instant) {
            Instant x = toTimestamp(a);
            Instant y = toTimestamp(b);
            return x == null || y == null ? null : Integer.signum(x.compareTo(y));
        }
        Object x = toNumber(a);
        Object y = toNumber(b);
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof Long && y instanceof Long) {
            return Long.compare((Long) x, (Long) y);
        }
        if (x instanceof Double || y instanceof Double) {
            return Double.compare(((Number) x).doubleValue(), ((Number) y).doubleValue());
        }
        return Integer.signum(toDecimal(x).compareTo(toDecimal(y)));
    }
}
