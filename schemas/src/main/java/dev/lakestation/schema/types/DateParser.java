package dev.lakestation.schema.types;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;

/**
 * Dates: {@link LocalDate#parse} of the trimmed value with the type's Java pattern (case-insensitive and
 * localised when {@code zone} is a locale such as {@code fr_FR}); when that fails, a {@link YearMonth}
 * parse gives the first day of the month, as Starlake does. Result: days since epoch (Avro {@code date}).
 */
final class DateParser implements ValueParser {

    private final DateTimeFormatter formatter;
    private final boolean isoFastPath;

    DateParser(String pattern, Locale locale) {
        if (locale == null) {
            this.formatter = DateTimeFormatter.ofPattern(pattern);
        } else {
            this.formatter = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                    .toFormatter().withLocale(locale);
        }
        this.isoFastPath = locale == null && "yyyy-MM-dd".equals(pattern);
    }

    @Override
    public Object parse(String raw) {
        String s = raw.trim();
        if (isoFastPath) {
            int days = s.length() == 10 ? DateTimeFast.isoDate(s, 0) : Integer.MIN_VALUE;
            if (days != Integer.MIN_VALUE) {
                return days;
            }
        }
        if (!Formats.parsable(formatter, s)) {
            return SlType.MISMATCH; // both LocalDate and YearMonth parses would fail: skip their exceptions
        }
        try {
            return (int) LocalDate.parse(s, formatter).toEpochDay();
        } catch (DateTimeException e) {
            try {
                return (int) YearMonth.parse(s, formatter).atDay(1).toEpochDay();
            } catch (DateTimeException e2) {
                return SlType.MISMATCH;
            }
        }
    }
}
