package dev.lakestation.schema.types;

import java.text.SimpleDateFormat;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Map;
import java.util.TimeZone;

/**
 * Timestamps, resolved the way Starlake's {@code PrimitiveType.timestamp} does, result in epoch millis:
 * <ol>
 *   <li>{@code epoch_second} / {@code epoch_milli}: the trimmed value is a long;</li>
 *   <li>otherwise parse with the {@link DateTimeFormatter} constant named by the pattern (ISO_DATE_TIME...)
 *       or {@link DateTimeFormatter#ofPattern}; a parsed offset/zone wins (it must agree with the type's
 *       {@code zone} unless that is UTC); a local date-time is placed in the type's zone (default UTC); a date
 *       alone becomes the start of that day;</li>
 *   <li>when the formatter fails and the zone is UTC, a lenient {@link SimpleDateFormat} with the same pattern
 *       (Starlake's last resort: it accepts trailing text and rolls over out-of-range fields).</li>
 * </ol>
 */
final class TimestampParser implements ValueParser {

    static final Map<String, DateTimeFormatter> ISO_FORMATTERS = Map.ofEntries(
            Map.entry("BASIC_ISO_DATE", DateTimeFormatter.BASIC_ISO_DATE),
            Map.entry("ISO_LOCAL_DATE", DateTimeFormatter.ISO_LOCAL_DATE),
            Map.entry("ISO_OFFSET_DATE", DateTimeFormatter.ISO_OFFSET_DATE),
            Map.entry("ISO_DATE", DateTimeFormatter.ISO_DATE),
            Map.entry("ISO_LOCAL_DATE_TIME", DateTimeFormatter.ISO_LOCAL_DATE_TIME),
            Map.entry("ISO_OFFSET_DATE_TIME", DateTimeFormatter.ISO_OFFSET_DATE_TIME),
            Map.entry("ISO_ZONED_DATE_TIME", DateTimeFormatter.ISO_ZONED_DATE_TIME),
            Map.entry("ISO_DATE_TIME", DateTimeFormatter.ISO_DATE_TIME),
            Map.entry("ISO_ORDINAL_DATE", DateTimeFormatter.ISO_ORDINAL_DATE),
            Map.entry("ISO_WEEK_DATE", DateTimeFormatter.ISO_WEEK_DATE),
            Map.entry("ISO_INSTANT", DateTimeFormatter.ISO_INSTANT),
            Map.entry("RFC_1123_DATE_TIME", DateTimeFormatter.RFC_1123_DATE_TIME));

    private enum Kind { EPOCH_SECOND, EPOCH_MILLI, FORMATTER }

    private final Kind kind;
    private final DateTimeFormatter formatter;
    private final ZoneId zone;
    private final boolean utc;
    private final int zoneRawOffset;
    private final boolean fastPath;
    /** Lenient last resort; null when the pattern is not a SimpleDateFormat pattern or the zone is not UTC. */
    private final ThreadLocal<SimpleDateFormat> legacy;

    TimestampParser(String pattern, ZoneId zone) {
        this.zone = zone;
        this.utc = "UTC".equals(zone.getId());
        this.zoneRawOffset = TimeZone.getTimeZone(zone.normalized()).getRawOffset();
        if ("epoch_second".equals(pattern)) {
            kind = Kind.EPOCH_SECOND;
            formatter = null;
        } else if ("epoch_milli".equals(pattern)) {
            kind = Kind.EPOCH_MILLI;
            formatter = null;
        } else {
            kind = Kind.FORMATTER;
            DateTimeFormatter iso = ISO_FORMATTERS.get(pattern);
            formatter = iso != null ? iso : DateTimeFormatter.ofPattern(pattern);
        }
        this.fastPath = utc && "yyyy-MM-dd HH:mm:ss".equals(pattern);
        this.legacy = kind == Kind.FORMATTER && utc ? legacyFormat(pattern) : null;
    }

    private static ThreadLocal<SimpleDateFormat> legacyFormat(String pattern) {
        try {
            new SimpleDateFormat(pattern);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return ThreadLocal.withInitial(() -> {
            SimpleDateFormat f = new SimpleDateFormat(pattern);
            f.setTimeZone(TimeZone.getTimeZone("UTC"));
            return f;
        });
    }

    @Override
    public Object parse(String raw) {
        String s = raw.trim();
        switch (kind) {
            case EPOCH_SECOND:
                if (!Formats.looksIntegral(s)) {
                    return SlType.MISMATCH;
                }
                try {
                    return Instant.ofEpochSecond(Long.parseLong(s)).toEpochMilli();
                } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
                    return SlType.MISMATCH;
                }
            case EPOCH_MILLI:
                if (!Formats.looksIntegral(s)) {
                    return SlType.MISMATCH;
                }
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    return SlType.MISMATCH;
                }
            default:
                if (fastPath) {
                    long millis = DateTimeFast.isoDateTimeUtc(s);
                    if (millis != DateTimeFast.NO_ANSWER) {
                        return millis;
                    }
                }
                Instant instant = viaFormatter(s);
                return instant == null ? SlType.MISMATCH : (Object) instant.toEpochMilli();
        }
    }

    private Instant viaFormatter(String s) {
        TemporalAccessor parsed;
        if (!Formats.parsable(formatter, s)) {
            return legacy(s);
        }
        try {
            parsed = formatter.parse(s);
        } catch (DateTimeException e) {
            return legacy(s);
        }
        ZoneId parsedZone = parsed.query(TemporalQueries.zone());
        try {
            Instant instant = Instant.from(parsed);
            if (parsedZone != null) {
                int parsedRawOffset = TimeZone.getTimeZone(parsedZone.normalized()).getRawOffset();
                return utc || parsedRawOffset == zoneRawOffset ? instant : null;
            }
            return utc ? instant : null;
        } catch (DateTimeException e) {
            // no instant: a local date-time or a date alone
        }
        try {
            return LocalDateTime.from(parsed).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            // not a date-time
        }
        try {
            LocalDate date = LocalDate.from(parsed);
            ZoneId target = zone;
            if (parsedZone != null) {
                if (utc || parsedZone.normalized().getId().equals(zone.normalized().getId())) {
                    target = parsedZone;
                } else {
                    return null;
                }
            }
            return date.atStartOfDay(target).toInstant();
        } catch (DateTimeException e) {
            return legacy(s);
        }
    }

    private Instant legacy(String s) {
        if (legacy == null) {
            return null;
        }
        try {
            java.util.Date d = legacy.get().parse(s, new java.text.ParsePosition(0));
            return d == null ? null : Instant.ofEpochMilli(d.getTime());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
