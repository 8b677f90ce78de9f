package dev.lakestation.schema.types;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * One compiled entry of the type catalogue ({@code types:} in a {@code metadata/types/*.sl.yml} file).
 * Immutable and thread-safe; everything costly is compiled once in {@link #of}.
 *
 * <pre>{@code
 * SlType datefr = SlType.of("datefr", PrimitiveType.DATE, "dd.MM.yyyy", null);
 * Object days = datefr.parse("24.06.2019");   // Integer 18071 (days since epoch)
 * datefr.parse("2019-06-24") == SlType.MISMATCH;
 * }</pre>
 *
 * <p>{@link #parse} returns Avro-ready values: {@code string/variant} → String; {@code long} → Long;
 * {@code int/short/byte} → Integer; {@code double} → Double; {@code decimal} → BigDecimal with the type's scale;
 * {@code boolean} → Boolean; {@code date} → Integer days since 1970-01-01; {@code timestamp} → Long epoch millis.
 */
public final class SlType {

    /** Returned by {@link #parse} when the value does not match the type's pattern. */
    public static final Object MISMATCH = new Marker("MISMATCH");
    /** Returned by {@link #parse} when the value matches but cannot be cast to the primitive type. */
    public static final Object NOT_CONVERTIBLE = new Marker("NOT_CONVERTIBLE");

    /** Default decimal precision and scale when {@code zone} does not say ({@code decimal(38,9)}). */
    public static final int DEFAULT_PRECISION = 38;
    public static final int DEFAULT_SCALE = 9;

    private static final SlType STRUCT = new SlType("struct", PrimitiveType.STRUCT, "", null, null, null, null,
            DEFAULT_PRECISION, DEFAULT_SCALE);

    private final String name;
    private final PrimitiveType primitiveType;
    private final String pattern;
    private final String zone;
    private final String sample;
    private final String comment;
    private final ValueParser parser;
    private final int precision;
    private final int scale;

    private SlType(String name, PrimitiveType primitiveType, String pattern, String zone, String sample,
            String comment, ValueParser parser, int precision, int scale) {
        this.name = name;
        this.primitiveType = primitiveType;
        this.pattern = pattern;
        this.zone = zone;
        this.sample = sample;
        this.comment = comment;
        this.parser = parser;
        this.precision = precision;
        this.scale = scale;
    }

    /**
     * Compiles a type.
     *
     * @param zone ZoneId for timestamps (default UTC), locale such as {@code fr_FR} for dates and doubles,
     *     {@code "precision,scale"} for decimals; null when absent
     * @throws IllegalArgumentException naming the type when the pattern or zone is invalid
     */
    public static SlType of(String name, PrimitiveType primitiveType, String pattern, String zone) {
        return of(name, primitiveType, pattern, zone, null, null);
    }

    /** As {@link #of(String, PrimitiveType, String, String)} with the documentation fields of the YAML entry. */
    public static SlType of(String name, PrimitiveType primitiveType, String pattern, String zone, String sample,
            String comment) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(primitiveType, "primitiveType");
        Objects.requireNonNull(pattern, "pattern of type " + name);
        if (primitiveType == PrimitiveType.STRUCT) {
            throw new IllegalArgumentException("type `" + name + "`: struct is not a catalogue type");
        }
        int precision = DEFAULT_PRECISION;
        int scale = DEFAULT_SCALE;
        ValueParser parser;
        try {
            switch (primitiveType) {
                case DATE:
                    parser = new DateParser(pattern, locale(zone));
                    break;
                case TIMESTAMP:
                    parser = new TimestampParser(pattern, zone == null || zone.isBlank() ? ZoneId.of("UTC")
                            : ZoneId.of(zone.trim()));
                    break;
                case BOOLEAN:
                    parser = new BooleanParser(pattern);
                    break;
                case DOUBLE:
                    java.util.regex.Pattern.compile(pattern); // shown in messages: must at least be valid
                    parser = new DoubleParser(locale(zone));
                    break;
                case DECIMAL:
                    int[] ps = decimalPrecisionScale(zone);
                    precision = ps[0];
                    scale = ps[1];
                    parser = new RegexParser(pattern, primitiveType, precision, scale);
                    break;
                default:
                    parser = new RegexParser(pattern, primitiveType, precision, scale);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("type `" + name + "` (" + primitiveType.value() + "): invalid pattern `"
                    + pattern + "`" + (zone == null ? "" : " or zone `" + zone + "`") + ": " + e.getMessage(), e);
        }
        return new SlType(name, primitiveType, pattern, zone, sample, comment, parser, precision, scale);
    }

    /** The pseudo type of attributes that have sub-attributes ({@code type: struct}). */
    public static SlType struct() {
        return STRUCT;
    }

    /**
     * Decimal {@code zone}: {@code "precision,scale"}; like Starlake, anything unreadable means (38,9).
     * Use {@link #isValidDecimalZone} to warn about it.
     */
    static int[] decimalPrecisionScale(String zone) {
        if (zone != null && isValidDecimalZone(zone)) {
            String[] parts = zone.split(",");
            return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
        }
        return new int[] {DEFAULT_PRECISION, DEFAULT_SCALE};
    }

    /** True when {@code zone} is absent or a readable {@code "precision,scale"} with 0 ≤ scale ≤ precision ≤ 38. */
    public static boolean isValidDecimalZone(String zone) {
        if (zone == null) {
            return true;
        }
        String[] parts = zone.split(",");
        if (parts.length != 2) {
            return false;
        }
        try {
            int p = Integer.parseInt(parts[0].trim());
            int s = Integer.parseInt(parts[1].trim());
            return p >= 1 && p <= 38 && s >= 0 && s <= p;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code fr_FR} → Locale("fr", "FR"); {@code fr} → Locale("fr"); null/blank → null. */
    static Locale locale(String zone) {
        if (zone == null || zone.isBlank()) {
            return null;
        }
        String[] parts = zone.trim().split("_");
        return parts.length >= 2 ? new Locale(parts[0], parts[1]) : new Locale(parts[0]);
    }

    /**
     * Checks and converts a raw (non-null) value. Thread-safe, no regex/formatter allocation.
     *
     * @return the converted value (see class doc), {@link #MISMATCH} or {@link #NOT_CONVERTIBLE}
     */
    public Object parse(String raw) {
        if (parser == null) {
            throw new IllegalStateException("struct has no scalar values");
        }
        return parser.parse(raw);
    }

    /** True when {@link #parse} accepts the value. */
    public boolean accepts(String raw) {
        Object v = parse(raw);
        return v != MISMATCH && v != NOT_CONVERTIBLE;
    }

    public String name() {
        return name;
    }

    public PrimitiveType primitiveType() {
        return primitiveType;
    }

    /** The pattern as written in the YAML (shown verbatim in rejection messages). */
    public String pattern() {
        return pattern;
    }

    /** The raw {@code zone} value, or null. */
    public String zone() {
        return zone;
    }

    public String sample() {
        return sample;
    }

    public String comment() {
        return comment;
    }

    /** Decimal precision (38 unless the decimal type's zone says otherwise). */
    public int precision() {
        return precision;
    }

    /** Decimal scale (9 unless the decimal type's zone says otherwise). */
    public int scale() {
        return scale;
    }

    public boolean isStruct() {
        return primitiveType == PrimitiveType.STRUCT;
    }

    @Override
    public String toString() {
        return name + "(" + primitiveType.value() + ", `" + pattern + "`" + (zone == null ? "" : ", " + zone) + ")";
    }

    private static final class Marker {
        private final String label;

        Marker(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }
}
