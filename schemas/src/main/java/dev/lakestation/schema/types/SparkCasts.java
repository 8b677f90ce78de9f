package dev.lakestation.schema.types;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * String → number casts with the semantics Starlake gets from Spark's non-ANSI {@code CAST(str AS type)}:
 * surrounding whitespace is ignored, a leading {@code +} or {@code -} is allowed, a fractional part is
 * truncated for integral types, and overflow or garbage gives "not convertible" (Spark's null).
 */
public final class SparkCasts {

    private SparkCasts() {
    }

    /**
     * Parses an integral value in {@code [min, max]} like Spark's {@code UTF8String.toLong}: optional sign,
     * digits, optional {@code .digits} that is dropped. Returns null when not convertible.
     */
    public static Long parseIntegral(String s, long min, long max) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) <= ' ') {
            end--;
        }
        if (start == end) {
            return null;
        }
        boolean negative = false;
        char first = s.charAt(start);
        if (first == '-' || first == '+') {
            negative = first == '-';
            start++;
            if (start == end) {
                return null;
            }
        }
        // accumulate negatively so that Long.MIN_VALUE fits
        long result = 0;
        int i = start;
        boolean digits = false;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                break;
            }
            if (c < '0' || c > '9') {
                return null;
            }
            digits = true;
            int d = c - '0';
            if (result < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            result = result * 10 - d;
        }
        if (i < end) { // fractional part: digits only, truncated
            for (i++; i < end; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
            }
        }
        if (!digits) {
            return null;
        }
        if (!negative) {
            if (result == Long.MIN_VALUE) {
                return null;
            }
            result = -result;
        }
        if (result < min || result > max) {
            return null;
        }
        return result;
    }

    /** Spark's cast to {@code decimal(precision, scale)}: HALF_UP rounding, null on precision overflow. */
    public static BigDecimal parseDecimal(String s, int precision, int scale) {
        BigDecimal d;
        try {
            d = new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        BigDecimal scaled = d.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() > precision && scaled.signum() != 0) {
            return null;
        }
        return scaled;
    }
}
